import { Alert, Button, Group, Loader, Stack, Table, Text, Title, type TableProps } from '@mantine/core';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, page } from './api';
import { show } from './format';

/** A problem's detail, announced to screen readers. */
export function ErrorAlert({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  if (!error) return null;
  const detail = error instanceof ApiError ? error.detail : error instanceof Error ? error.message : String(error);
  const status = error instanceof ApiError && error.status ? ` (${error.status})` : '';
  return (
    <Alert color="red" title={title + status} role="alert" data-testid="error">
      {detail}
    </Alert>
  );
}

export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldErrors[field] : undefined;
}

export function PageTitle({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  return (
    <Group justify="space-between" mb="md" wrap="wrap">
      <Title order={1} size="h2">
        {children}
      </Title>
      {actions}
    </Group>
  );
}

/** Loads once (and again on reload()); keeps the last data while reloading. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const counter = useRef(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);
  const reload = useCallback(() => {
    const id = ++counter.current;
    setLoading(true);
    run()
      .then((value) => {
        if (id === counter.current) {
          setData(value);
          setError(null);
        }
      })
      .catch((e) => id === counter.current && setError(e))
      .finally(() => id === counter.current && setLoading(false));
  }, [run]);
  useEffect(reload, [reload]);
  return { data, error, loading, reload, setData };
}

/** A keyset-paged list: the first page, then "Load more" following the Link header. */
export function usePagedList<T>(path: string) {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const reload = useCallback(() => {
    setLoading(true);
    page<T>(path)
      .then((result) => {
        setItems(result.items);
        setNext(result.next);
        setError(null);
      })
      .catch(setError)
      .finally(() => setLoading(false));
  }, [path]);
  const more = useCallback(() => {
    if (!next) return;
    setLoading(true);
    page<T>(next)
      .then((result) => {
        setItems((current) => [...current, ...result.items]);
        setNext(result.next);
      })
      .catch(setError)
      .finally(() => setLoading(false));
  }, [next]);
  useEffect(reload, [reload]);
  return { items, next, error, loading, reload, more, setItems };
}

export function LoadMore({ next, loading, more }: { next: string | null; loading: boolean; more: () => void }) {
  if (!next) return null;
  return (
    <Button variant="light" onClick={more} loading={loading} mt="sm">
      Load more
    </Button>
  );
}

export function Loading() {
  return (
    <Group justify="center" p="xl" aria-live="polite">
      <Loader size="sm" aria-label="Loading" />
    </Group>
  );
}

/** Whatever the API answered, as nested key/value tables: nothing added, nothing invented. */
export function KeyValues({ data, caption }: { data: unknown; caption?: string }) {
  if (data === null || data === undefined) return <Text c="dimmed">none</Text>;
  if (typeof data !== 'object') return <Text>{show(data)}</Text>;
  if (Array.isArray(data)) {
    if (data.length === 0) return <Text c="dimmed">none</Text>;
    if (data.every((item) => typeof item !== 'object' || item === null)) return <Text>{data.map(show).join(', ')}</Text>;
    return (
      <Stack gap="xs">
        {data.map((item, index) => (
          <KeyValues key={index} data={item} />
        ))}
      </Stack>
    );
  }
  return (
    <Table withTableBorder withColumnBorders fz="sm" captionSide="top">
      {caption && <Table.Caption>{caption}</Table.Caption>}
      <Table.Tbody>
        {Object.entries(data as Record<string, unknown>).map(([key, value]) => (
          <Table.Tr key={key}>
            <Table.Th scope="row" w="35%">
              {key.replace(/_/g, ' ')}
            </Table.Th>
            <Table.Td data-field={key}>
              {value !== null && typeof value === 'object' ? <KeyValues data={value} /> : show(value)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A striped list table, scrolling sideways on narrow screens. */
export function ListTable({ columns, children, ...rest }: { columns: string[]; children: ReactNode } & Omit<TableProps, 'children'>) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped {...rest}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column}>{column}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
