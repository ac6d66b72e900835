import { Alert, Anchor, Button, Card, Code, Group, Progress, Select, Table, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, problemOf, request } from '../api';
import { formatBytes, formatDate } from '../format';
import { ErrorAlert, LoadMore, PageTitle, ListTable, usePagedList } from '../ui';

interface AuditEvent {
  id: string;
  sequence?: number;
  event_type: string;
  entity_type?: string;
  entity_id?: string;
  actor_id?: string;
  actor_type?: string;
  occurred_at: string;
  event_data?: unknown;
  level?: string;
  component?: string;
  organization_id?: string;
}

interface Verification {
  intact: boolean;
  checked: number;
  first_broken: { id: string; sequence: number; reason: string } | null;
}

const FILTERS = ['event_type', 'entity_type', 'entity_id', 'actor_id'];

function toInstant(value: string): string | undefined {
  return value ? new Date(value).toISOString() : undefined;
}

/** The trail: the organization's (/api/v1/events) or, for platform admins, the system log. */
export function AuditTrail({ base, extraFilters = [] }: { base: string; extraFilters?: string[] }) {
  const [query, setQuery] = useState('');
  const [range, setRange] = useState('');
  const events = usePagedList<AuditEvent>(`${base}?limit=50${query}`);
  const [exporting, setExporting] = useState<{ bytes: number; done: boolean; url?: string; name?: string } | null>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [format, setFormat] = useState('csv');

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const name of [...FILTERS, ...extraFilters]) {
      const value = String(form.get(name) ?? '').trim();
      if (value) params.set(name, value);
    }
    const from = toInstant(String(form.get('from') ?? ''));
    const to = toInstant(String(form.get('to') ?? ''));
    if (from) params.set('from', from);
    if (to) params.set('to', to);
    const text = params.toString();
    setQuery(text ? `&${text}` : '');
    const period = new URLSearchParams();
    if (from) period.set('from', from);
    if (to) period.set('to', to);
    setRange(period.toString());
  };

  const exportTrail = async () => {
    setError(null);
    setExporting({ bytes: 0, done: false });
    try {
      const response = await request(`${base}/export?format=${format}${query}`, { headers: { Accept: '*/*' } });
      if (!response.ok || !response.body) throw await problemOf(response);
      const reader = response.body.getReader();
      const chunks: Uint8Array[] = [];
      let bytes = 0;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.length;
        setExporting({ bytes, done: false });
      }
      const blob = new Blob(chunks as BlobPart[], { type: format === 'csv' ? 'text/csv' : 'application/x-ndjson' });
      setExporting({ bytes, done: true, url: URL.createObjectURL(blob), name: `audit-events.${format}` });
    } catch (e) {
      setExporting(null);
      setError(e);
    }
  };

  const verify = () =>
    api<Verification>(`${base}/verify${range ? `?${range}` : ''}`)
      .then(setVerification)
      .catch(setError);

  return (
    <>
      <form onSubmit={apply} aria-label="Filters">
        <Group align="flex-end" wrap="wrap" mb="md">
          <TextInput name="event_type" label="Event type (prefix)" placeholder="config." w={160} />
          <TextInput name="entity_type" label="Entity type" w={130} />
          <TextInput name="entity_id" label="Entity id" w={160} />
          <TextInput name="actor_id" label="Actor id" w={160} />
          {extraFilters.includes('organization_id') && <TextInput name="organization_id" label="Organization id" w={160} />}
          {extraFilters.includes('level') && <TextInput name="level" label="Level" placeholder="info, warning, error" w={120} />}
          <TextInput name="from" type="datetime-local" label="From" />
          <TextInput name="to" type="datetime-local" label="To" />
          <Button type="submit">Filter</Button>
        </Group>
      </form>
      <Card withBorder mb="md">
        <Group wrap="wrap">
          <Select aria-label="Export format" data={['csv', 'ndjson']} value={format} onChange={(v) => setFormat(v ?? 'csv')} allowDeselect={false} w={110} />
          <Button variant="light" onClick={exportTrail} loading={exporting !== null && !exporting.done}>
            Export
          </Button>
          {!base.includes('/admin/') && (
            <Button variant="light" onClick={verify}>
              Verify the chain
            </Button>
          )}
        </Group>
        {exporting && (
          <div aria-live="polite">
            <Progress value={exporting.done ? 100 : 50} animated={!exporting.done} mt="xs" aria-label="Export progress" />
            <Text size="sm">
              {formatBytes(exporting.bytes)} {exporting.done ? 'exported' : 'received…'}{' '}
              {exporting.url && (
                <Anchor href={exporting.url} download={exporting.name}>
                  Save {exporting.name}
                </Anchor>
              )}
            </Text>
          </div>
        )}
        {verification && (
          <Alert mt="xs" color={verification.intact ? 'green' : 'red'} title={verification.intact ? 'The chain is intact' : 'The chain is broken'} data-testid="verification">
            {verification.checked} events checked.
            {verification.first_broken && ` First broken: #${verification.first_broken.sequence} (${verification.first_broken.reason}).`}
          </Alert>
        )}
      </Card>
      <ErrorAlert error={error ?? events.error} />
      <ListTable columns={['When', 'Event', 'Entity', 'Actor', 'Data']} data-testid="events">
            {events.items.map((event) => (
              <Table.Tr key={event.id}>
                <Table.Td>{formatDate(event.occurred_at)}</Table.Td>
                <Table.Td>
                  {event.event_type}
                  {event.level && <Text size="xs">{event.level}</Text>}
                </Table.Td>
                <Table.Td>
                  {event.entity_type} <Text size="xs">{event.entity_id}</Text>
                </Table.Td>
                <Table.Td>
                  {event.actor_type} <Text size="xs">{event.actor_id}</Text>
                </Table.Td>
                <Table.Td maw={360}>
                  <Code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{JSON.stringify(event.event_data ?? {})}</Code>
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
      <LoadMore {...events} />
    </>
  );
}

export default function Audit() {
  return (
    <>
      <PageTitle>Audit trail</PageTitle>
      <AuditTrail base="/api/v1/events" />
    </>
  );
}
