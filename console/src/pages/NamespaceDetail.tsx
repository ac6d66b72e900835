import { Badge, Button, Card, Checkbox, Code, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { api, ApiError, request, problemOf } from '../api';
import { diffLines, formatDate, show } from '../format';
import { canAdminister, useSignedIn } from '../session';
import { ErrorAlert, fieldError, LoadMore, PageTitle, ListTable, usePagedList } from '../ui';
import { parseValue, RuleFields, rulesFromForm, ValueInput, valueText, VALUE_TYPES, describeRules, type Rules, type ValueType } from './configEditors';

interface Config {
  id: string;
  key: string;
  value: unknown;
  value_type: ValueType;
  validation_schema?: Rules | null;
  description?: string | null;
  is_secret: boolean;
  version: number;
  updated_at?: string;
}

interface HistoryEntry {
  version: number;
  change_type: string;
  value: unknown;
  value_type: ValueType;
  is_secret: boolean;
  actor_id?: string;
  actor_type?: string;
  changed_at: string;
}

const MASK = '********';

/** The namespace's values map, kept current with the long poll (values?wait=30s&after_version=N). */
function LiveValues({ ns }: { ns: string }) {
  const [values, setValues] = useState<Record<string, unknown> | null>(null);
  const [revision, setRevision] = useState<string | null>(null);
  const [state, setState] = useState('connecting');
  useEffect(() => {
    const controller = new AbortController();
    let after: string | null = null;
    (async () => {
      while (!controller.signal.aborted) {
        try {
          const path = after
            ? `/api/v1/namespaces/${encodeURIComponent(ns)}/values?wait=30s&after_version=${after}`
            : `/api/v1/namespaces/${encodeURIComponent(ns)}/values`;
          const response = await request(path, { signal: controller.signal });
          if (response.status === 304) continue;
          if (!response.ok) throw await problemOf(response);
          const etag = (response.headers.get('ETag') ?? '').replace(/^W\//, '').replace(/"/g, '');
          setValues(await response.json());
          setRevision(etag);
          after = etag || after;
          setState('live');
        } catch (error) {
          if (controller.signal.aborted) return;
          setState(error instanceof ApiError ? `paused: ${error.detail}` : 'reconnecting');
          await new Promise((resolve) => setTimeout(resolve, 2000));
        }
      }
    })();
    return () => controller.abort();
  }, [ns]);
  return (
    <Card withBorder mb="md" aria-live="polite">
      <Group justify="space-between">
        <Text fw={600}>Live values</Text>
        <Badge color={state === 'live' ? 'green' : 'gray'} data-testid="live-state">
          {state} {revision ? `· revision ${revision}` : ''}
        </Badge>
      </Group>
      <Code block mt="xs" data-testid="live-values">
        {values ? JSON.stringify(values, null, 2) : '…'}
      </Code>
    </Card>
  );
}

function NewConfig({ ns, onCreated }: { ns: string; onCreated: () => void }) {
  const [type, setType] = useState<ValueType>('string');
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [rulesPreview, setRulesPreview] = useState<Rules | undefined>();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    let value: unknown;
    try {
      value = parseValue(type, text);
    } catch (e) {
      setError(new ApiError(400, { detail: (e as Error).message, errors: [{ field: 'value', message: (e as Error).message }] }));
      return;
    }
    setBusy(true);
    api(`/api/v1/namespaces/${encodeURIComponent(ns)}/configs`, {
      method: 'POST',
      body: {
        key: form.get('key'),
        value,
        value_type: type,
        validation_schema: rulesFromForm(form),
        description: form.get('description') || undefined,
        is_secret: form.get('is_secret') === 'on',
      },
    })
      .then(() => {
        target.reset();
        setText(type === 'boolean' ? 'false' : '');
        setRulesPreview(undefined);
        setError(null);
        onCreated();
      })
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return (
    <Card withBorder mb="md">
      <form onSubmit={submit} aria-label="New config" onChange={(e) => setRulesPreview(rulesFromForm(new FormData(e.currentTarget)))}>
        <Text fw={600} mb="xs">
          New config
        </Text>
        <ErrorAlert error={error} title="Not saved" />
        <Group align="flex-start" wrap="wrap" mt="xs">
          <TextInput name="key" label="Key" required error={fieldError(error, 'key')} description="Letters, digits, _ . -" />
          <Select
            label="Type"
            data={VALUE_TYPES}
            value={type}
            allowDeselect={false}
            onChange={(value) => {
              setType((value as ValueType) ?? 'string');
              setText(value === 'boolean' ? 'false' : '');
            }}
            w={120}
            error={fieldError(error, 'value_type')}
          />
          <RuleFields type={type} error={fieldError(error, 'validation_schema')} />
        </Group>
        <Group align="flex-start" wrap="wrap" mt="xs">
          <div style={{ minWidth: 260, flex: 1 }}>
            <ValueInput type={type} text={text} onChange={setText} rules={rulesPreview} error={fieldError(error, 'value')} />
          </div>
          <TextInput name="description" label="Description" />
          <Checkbox name="is_secret" label="Secret" mt={32} />
          <Button type="submit" mt={24} loading={busy}>
            Create config
          </Button>
        </Group>
      </form>
    </Card>
  );
}

function EditConfig({ ns, config, onClose }: { ns: string; config: Config; onClose: (changed: boolean) => void }) {
  const [text, setText] = useState(config.is_secret && config.value === MASK ? '' : valueText(config.value_type, config.value));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const save = (event: FormEvent) => {
    event.preventDefault();
    let value: unknown;
    try {
      value = parseValue(config.value_type, text);
    } catch (e) {
      setError(new ApiError(400, { detail: (e as Error).message, errors: [{ field: 'value', message: (e as Error).message }] }));
      return;
    }
    setBusy(true);
    api(`/api/v1/namespaces/${encodeURIComponent(ns)}/configs/${encodeURIComponent(config.key)}`, {
      method: 'PUT',
      body: { value },
      headers: { 'If-Match': `"${config.version}"` },
    })
      .then(() => onClose(true))
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return (
    <Modal opened onClose={() => onClose(false)} title={`Edit ${config.key}`} size="lg">
      <form onSubmit={save}>
        <Stack>
          <ErrorAlert error={error} title="Not saved" />
          <ValueInput type={config.value_type} text={text} onChange={setText} rules={config.validation_schema} error={fieldError(error, 'value')} />
          <Text size="sm" c="dimmed">
            Version {config.version}; a change made meanwhile by someone else is refused (412), not overwritten.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => onClose(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function History({ ns, config, onClose }: { ns: string; config: Config; onClose: (changed: boolean) => void }) {
  const base = `/api/v1/namespaces/${encodeURIComponent(ns)}/configs/${encodeURIComponent(config.key)}`;
  const history = usePagedList<HistoryEntry>(`${base}/history?limit=50`);
  const [selected, setSelected] = useState<HistoryEntry | null>(null);
  const [diff, setDiff] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const latest = history.items[0];
  useEffect(() => {
    setDiff(null);
    if (selected && latest && config.value_type === 'json' && selected.version !== latest.version) {
      api(`${base}/diff?from=${selected.version}&to=${latest.version}`).then(setDiff).catch(setError);
    }
  }, [selected, latest, base, config.value_type]);
  const rollback = (version: number) =>
    api(`${base}/rollback`, { method: 'POST', body: { version } })
      .then(() => onClose(true))
      .catch(setError);
  return (
    <Modal opened onClose={() => onClose(false)} title={`History of ${config.key}`} size="xl">
      <ErrorAlert error={error ?? history.error} />
      <ListTable columns={['Version', 'Change', 'Value', 'By', 'When', 'Actions']}>
            {history.items.map((entry) => (
              <Table.Tr key={entry.version} bg={selected?.version === entry.version ? 'var(--mantine-color-blue-light)' : undefined}>
                <Table.Td>{entry.version}</Table.Td>
                <Table.Td>{entry.change_type}</Table.Td>
                <Table.Td>
                  <Code>{show(entry.value)}</Code>
                </Table.Td>
                <Table.Td>{entry.actor_type}</Table.Td>
                <Table.Td>{formatDate(entry.changed_at)}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Button size="compact-xs" variant="light" onClick={() => setSelected(entry)}>
                      Compare v{entry.version}
                    </Button>
                    {latest && entry.version !== latest.version && entry.change_type !== 'delete' && (
                      <Button size="compact-xs" color="orange" onClick={() => rollback(entry.version)}>
                        Roll back to v{entry.version}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
      <LoadMore {...history} />
      {selected && latest && (
        <Card withBorder mt="md" data-testid="diff">
          <Text fw={600}>
            v{selected.version} → v{latest.version}
          </Text>
          {diff ? (
            <Code block>{JSON.stringify(diff, null, 2)}</Code>
          ) : (
            <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
              {diffLines(valueText(selected.value_type, selected.value), valueText(latest.value_type, latest.value)).map((line, index) => (
                <div key={index} style={{ color: line.kind === 'added' ? 'var(--mantine-color-green-9)' : line.kind === 'removed' ? 'var(--mantine-color-red-9)' : undefined }}>
                  {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}
                  {line.text}
                </div>
              ))}
            </pre>
          )}
        </Card>
      )}
    </Modal>
  );
}

export default function NamespaceDetail() {
  const ns = useParams().ns ?? '';
  const session = useSignedIn();
  const configs = usePagedList<Config>(`/api/v1/namespaces/${encodeURIComponent(ns)}/configs?limit=50`);
  const [editing, setEditing] = useState<Config | null>(null);
  const [historyOf, setHistoryOf] = useState<Config | null>(null);
  const [revealed, setRevealed] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<unknown>(null);
  const reveal = (config: Config) =>
    api<Config>(`/api/v1/namespaces/${encodeURIComponent(ns)}/configs/${encodeURIComponent(config.key)}`)
      .then((full) => setRevealed((current) => ({ ...current, [config.key]: full.value })))
      .catch(setError);
  const closed = (changed: boolean) => {
    setEditing(null);
    setHistoryOf(null);
    if (changed) configs.reload();
  };
  return (
    <>
      <PageTitle>Namespace {ns}</PageTitle>
      <LiveValues ns={ns} />
      <NewConfig ns={ns} onCreated={configs.reload} />
      <ErrorAlert error={error ?? configs.error} />
      <ListTable columns={['Key', 'Type', 'Value', 'Rules', 'Version', 'Actions']}>
            {configs.items.map((config) => (
              <Table.Tr key={config.key} data-testid={`config-${config.key}`}>
                <Table.Td>
                  {config.key} {config.is_secret && <Badge size="xs">secret</Badge>}
                </Table.Td>
                <Table.Td>{config.value_type}</Table.Td>
                <Table.Td>
                  <Code data-testid="config-value">{show(config.key in revealed ? revealed[config.key] : config.value)}</Code>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{describeRules(config.validation_schema)}</Text>
                </Table.Td>
                <Table.Td>{config.version}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Button size="compact-xs" onClick={() => setEditing(config)}>
                      Edit {config.key}
                    </Button>
                    <Button size="compact-xs" variant="light" onClick={() => setHistoryOf(config)}>
                      History
                    </Button>
                    {config.is_secret && canAdminister(session) && !(config.key in revealed) && (
                      <Button size="compact-xs" variant="subtle" onClick={() => reveal(config)}>
                        Reveal
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
      <LoadMore {...configs} />
      {editing && <EditConfig ns={ns} config={editing} onClose={closed} />}
      {historyOf && <History ns={ns} config={historyOf} onClose={closed} />}
    </>
  );
}
