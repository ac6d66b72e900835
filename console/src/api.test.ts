import { describe, expect, it } from 'vitest';
import { ApiError, fieldErrors, nextLink } from './api';
import { EventStreamParser } from './sse';
import { diffLines, formatBytes } from './format';

describe('problems', () => {
  it('maps field errors by field and keeps the detail', () => {
    const error = new ApiError(422, {
      detail: "The value breaks the rule 'min_value': 50 is below 100",
      errors: [
        { field: 'value', message: 'min_value: 50 is below 100' },
        { field: 'value', message: 'second' },
        { field: 'validation_schema', message: 'options: required' },
      ],
    });
    expect(error.detail).toContain('min_value');
    expect(error.fieldErrors).toEqual({ value: 'min_value: 50 is below 100; second', validation_schema: 'options: required' });
  });

  it('ignores errors without a field', () => {
    expect(fieldErrors({ errors: [{ message: 'x' }] })).toEqual({});
  });
});

describe('links', () => {
  it('finds the next page among other relations', () => {
    const link = '</api/v1/files?limit=2&cursor=abc>; rel="prev", <http://gw/api/v1/files?limit=2&cursor=def>; rel="next"';
    expect(nextLink(link)).toBe('/api/v1/files?limit=2&cursor=def');
    expect(nextLink(null)).toBeNull();
  });
});

describe('event streams', () => {
  it('parses events split across chunks, skipping comments', () => {
    const parser = new EventStreamParser();
    expect(parser.push(':keep-alive\n\nid: 7\nevent: status\ndata: {"a"')).toEqual([]);
    expect(parser.push(':1}\n\nevent: progress\r\ndata: 50\r\n\r\n')).toEqual([
      { event: 'status', id: '7', data: '{"a":1}' },
      { event: 'progress', id: undefined, data: '50' },
    ]);
  });
});

describe('format', () => {
  it('formats sizes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
  });

  it('diffs lines', () => {
    expect(diffLines('a\nb\nc', 'a\nc\nd')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
  });
});
