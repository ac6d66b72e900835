import { describe, expect, it } from 'vitest';
import { describeRules, parseValue, rulesFromForm, valueText } from './configEditors';

describe('typed config values', () => {
  it('keeps each type its JSON kind', () => {
    expect(parseValue('number', '1500')).toBe(1500);
    expect(parseValue('number', 'abc')).toBe('abc'); // sent as is: the service answers 422 with its reason
    expect(parseValue('boolean', 'true')).toBe(true);
    expect(parseValue('json', '{"a": [1]}')).toEqual({ a: [1] });
    expect(parseValue('string', '20')).toBe('20');
  });

  it('refuses JSON that does not parse before sending it', () => {
    expect(() => parseValue('json', '{oops')).toThrow('not valid JSON');
  });

  it('writes JSON values readably for the editor', () => {
    expect(valueText('json', { a: 1 })).toBe('{\n  "a": 1\n}');
    expect(valueText('number', 5)).toBe('5');
    expect(valueText('string', null)).toBe('');
  });
});

describe('validation rules', () => {
  it('reads only the filled rule fields', () => {
    const form = new FormData();
    form.set('min_value', '100');
    form.set('max_value', '');
    form.set('options', 'a, b ,,c');
    expect(rulesFromForm(form)).toEqual({ min_value: 100, options: ['a', 'b', 'c'] });
    expect(rulesFromForm(new FormData())).toBeUndefined();
  });

  it('describes the rules beside the value', () => {
    expect(describeRules({ min_value: 100, max_value: 200 })).toBe('Rules: ≥ 100; ≤ 200');
    expect(describeRules({ options: ['eu', 'us'], pattern: '[a-z]+' })).toBe('Rules: matches [a-z]+; one of eu, us');
    expect(describeRules(null)).toBe('No rules');
  });
});
