import { Select, Switch, Text, Textarea, TextInput } from '@mantine/core';

export type ValueType = 'string' | 'number' | 'boolean' | 'json' | 'select';
export const VALUE_TYPES: ValueType[] = ['string', 'number', 'boolean', 'json', 'select'];

export interface Rules {
  min_length?: number;
  max_length?: number;
  pattern?: string;
  min_value?: number;
  max_value?: number;
  options?: string[];
  json_schema?: unknown;
}

/** The rules in words, shown beside the value they constrain. */
export function describeRules(rules: Rules | null | undefined): string {
  if (!rules) return 'No rules';
  const parts: string[] = [];
  if (rules.min_length != null) parts.push(`at least ${rules.min_length} characters`);
  if (rules.max_length != null) parts.push(`at most ${rules.max_length} characters`);
  if (rules.pattern) parts.push(`matches ${rules.pattern}`);
  if (rules.min_value != null) parts.push(`≥ ${rules.min_value}`);
  if (rules.max_value != null) parts.push(`≤ ${rules.max_value}`);
  if (rules.options) parts.push(`one of ${rules.options.join(', ')}`);
  if (rules.json_schema) parts.push('a JSON Schema');
  return parts.length ? `Rules: ${parts.join('; ')}` : 'No rules';
}

/** The text of a value for its editor. */
export function valueText(type: ValueType, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (type === 'json') return JSON.stringify(value, null, 2);
  return String(value);
}

/** The JSON value of an editor's text: a number stays a number, JSON is parsed. */
export function parseValue(type: ValueType, text: string): unknown {
  switch (type) {
    case 'number': {
      const number = Number(text);
      return text.trim() === '' || Number.isNaN(number) ? text : number;
    }
    case 'boolean':
      return text === 'true';
    case 'json':
      try {
        return JSON.parse(text);
      } catch {
        throw new Error('The value is not valid JSON');
      }
    default:
      return text;
  }
}

export function ValueInput({
  type,
  text,
  onChange,
  rules,
  error,
  label = 'Value',
}: {
  type: ValueType;
  text: string;
  onChange: (text: string) => void;
  rules?: Rules | null;
  error?: string;
  label?: string;
}) {
  const description = describeRules(rules);
  switch (type) {
    case 'boolean':
      return (
        <div>
          <Switch label={label} checked={text === 'true'} onChange={(e) => onChange(String(e.currentTarget.checked))} />
          {error && (
            <Text c="red.9" size="sm" role="alert">
              {error}
            </Text>
          )}
        </div>
      );
    case 'select':
      return (
        <Select
          label={label}
          description={description}
          data={rules?.options ?? []}
          value={text || null}
          onChange={(value) => onChange(value ?? '')}
          error={error}
          required
        />
      );
    case 'json':
      return (
        <Textarea
          label={label}
          description={description}
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
          autosize
          minRows={3}
          styles={{ input: { fontFamily: 'monospace' } }}
          error={error}
          required
        />
      );
    default:
      return (
        <TextInput
          label={label}
          description={description}
          type={type === 'number' ? 'number' : 'text'}
          step="any"
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={error}
          required
        />
      );
  }
}

/** The rule fields that apply to a type; empty fields are left out of the schema. */
export function RuleFields({ type, error }: { type: ValueType; error?: string }) {
  return (
    <>
      {(type === 'string' || type === 'select') && (
        <>
          <TextInput name="min_length" label="Min length" type="number" w={110} />
          <TextInput name="max_length" label="Max length" type="number" w={110} />
          <TextInput name="pattern" label="Pattern (regex)" w={180} />
        </>
      )}
      {type === 'number' && (
        <>
          <TextInput name="min_value" label="Min value" type="number" step="any" w={120} />
          <TextInput name="max_value" label="Max value" type="number" step="any" w={120} />
        </>
      )}
      {type === 'select' && <TextInput name="options" label="Options (comma separated)" required w={220} />}
      {error && (
        <Text c="red.9" size="sm" role="alert" w="100%">
          Rules: {error}
        </Text>
      )}
    </>
  );
}

export function rulesFromForm(form: FormData): Rules | undefined {
  const rules: Rules = {};
  const number = (name: keyof Rules) => {
    const text = String(form.get(name) ?? '').trim();
    if (text) (rules as Record<string, unknown>)[name] = Number(text);
  };
  number('min_length');
  number('max_length');
  number('min_value');
  number('max_value');
  const pattern = String(form.get('pattern') ?? '').trim();
  if (pattern) rules.pattern = pattern;
  const options = String(form.get('options') ?? '').trim();
  if (options) rules.options = options.split(',').map((o) => o.trim()).filter(Boolean);
  return Object.keys(rules).length ? rules : undefined;
}
