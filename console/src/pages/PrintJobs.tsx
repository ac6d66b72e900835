import { Badge, Button, Card, Group, Modal, MultiSelect, Progress, Select, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api';
import { formatDate } from '../format';
import { followStream } from '../sse';
import { ErrorAlert, fieldError, KeyValues, LoadMore, PageTitle, ListTable, useLoad, usePagedList } from '../ui';
import type { StoredFile } from './Files';
import type { Printer } from './Printers';

export interface Job {
  id: string;
  job_name: string;
  job_type: string;
  status: string;
  state_reason?: string | null;
  printer_name?: string | null;
  progress_percentage: number;
  retry_count: number;
  error_message?: string | null;
  created_at: string;
  completed_at?: string | null;
  layout_id?: string | null;
}

interface StatusEvent {
  job_id: string;
  to_status: string;
  from_status?: string | null;
  progress_percentage?: number | null;
  reason?: string | null;
  at: string;
}

const STATUSES = ['pending', 'held', 'processing', 'completed', 'failed', 'cancelled'];
const COLORS: Record<string, string> = { completed: 'green', failed: 'red', cancelled: 'gray', processing: 'blue', held: 'orange', pending: 'yellow' };

function JobHistory({ job, onClose }: { job: Job; onClose: () => void }) {
  const history = useLoad(() => api<unknown[]>(`/api/v1/print-jobs/${job.id}/history`), [job.id]);
  return (
    <Modal opened onClose={onClose} title={`History of ${job.job_name}`} size="lg">
      <ErrorAlert error={history.error} />
      <KeyValues data={history.data} />
    </Modal>
  );
}

function NewJob({ onCreated }: { onCreated: () => void }) {
  const files = usePagedList<StoredFile>('/api/v1/files?limit=100');
  const printers = usePagedList<Printer>('/api/v1/printers?active_only=true&limit=100');
  const [fileIds, setFileIds] = useState<string[]>([]);
  const [printer, setPrinter] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    api('/api/v1/print-jobs', {
      method: 'POST',
      headers: { 'Idempotency-Key': crypto.randomUUID() },
      body: { job_name: form.get('job_name'), file_ids: fileIds, printer_id: printer ?? undefined, hold: form.get('hold') === 'on' },
    })
      .then(() => {
        target.reset();
        setFileIds([]);
        setError(null);
        onCreated();
      })
      .catch(setError);
  };
  return (
    <Card withBorder mb="md">
      <form onSubmit={create} aria-label="New print job">
        <Text fw={600}>New print job (ready files, printed by the shop's agent)</Text>
        <ErrorAlert error={error} title="Not created" />
        <Group align="flex-start" wrap="wrap">
          <TextInput name="job_name" label="Job name" required error={fieldError(error, 'job_name')} />
          <MultiSelect label="Files" data={files.items.map((f) => ({ value: f.id, label: f.filename }))} value={fileIds} onChange={setFileIds} w={260} error={fieldError(error, 'file_ids')} />
          <Select label="Printer" placeholder="the default" data={printers.items.map((p) => ({ value: p.id, label: p.name }))} value={printer} onChange={setPrinter} clearable w={200} />
          <Button type="submit" mt={24}>
            Queue job
          </Button>
        </Group>
      </form>
    </Card>
  );
}

export default function PrintJobs() {
  const [status, setStatus] = useState<string | null>(null);
  const jobs = usePagedList<Job>(`/api/v1/print-jobs?limit=50${status ? `&status=${status}` : ''}`);
  const [live, setLive] = useState<Record<string, StatusEvent>>({});
  const [stream, setStream] = useState('connecting');
  const [error, setError] = useState<unknown>(null);
  const [historyOf, setHistoryOf] = useState<Job | null>(null);
  const reloadSoon = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { reload } = jobs;
  useEffect(() => {
    const controller = new AbortController();
    void followStream(
      '/api/v1/print-jobs/stream',
      (event) => {
        if (event.event !== 'status' && event.event !== 'progress') return;
        const data = JSON.parse(event.data) as StatusEvent;
        setLive((current) => ({ ...current, [data.job_id]: { ...current[data.job_id], ...data } }));
        if (event.event === 'status' && event.id) {
          if (reloadSoon.current) clearTimeout(reloadSoon.current);
          reloadSoon.current = setTimeout(reload, 300);
        }
      },
      controller.signal,
      (state, detail) => setStream(state === 'open' ? 'live' : `reconnecting${detail ? `: ${detail}` : ''}`),
    );
    return () => controller.abort();
  }, [reload]);
  const act = (job: Job, action: string) =>
    api(`/api/v1/print-jobs/${job.id}/${action}`, { method: 'POST' }).then(jobs.reload).catch(setError);
  const queue = Object.values(live).filter((e) => ['pending', 'held', 'processing'].includes(e.to_status));
  return (
    <>
      <PageTitle
        actions={
          <Badge color={stream === 'live' ? 'green' : 'gray'} data-testid="stream-state">
            queue {stream}
          </Badge>
        }
      >
        Print jobs
      </PageTitle>
      <NewJob onCreated={jobs.reload} />
      <Title order={2} size="h4" mb="xs">
        Queue now ({queue.length})
      </Title>
      <ErrorAlert error={error ?? jobs.error} />
      <Group mb="sm">
        <Select label="Status" data={STATUSES} value={status} onChange={setStatus} clearable placeholder="any" w={160} />
      </Group>
      <ListTable columns={['Job', 'Type', 'Printer', 'Status', 'Progress', 'Created', 'Actions']} data-testid="jobs">
            {jobs.items.map((job) => {
              const event = live[job.id];
              const current = event?.to_status ?? job.status;
              const progress = event?.progress_percentage ?? job.progress_percentage;
              return (
                <Table.Tr key={job.id} data-testid={`job-${job.job_name}`}>
                  <Table.Td>{job.job_name}</Table.Td>
                  <Table.Td>{job.job_type}</Table.Td>
                  <Table.Td>{job.printer_name}</Table.Td>
                  <Table.Td>
                    <Badge color={COLORS[current]} data-testid="job-status">
                      {current}
                    </Badge>
                    {(event?.reason ?? job.state_reason) && <Text size="xs">{event?.reason ?? job.state_reason}</Text>}
                    {job.error_message && <Text size="xs" c="red.9">{job.error_message}</Text>}
                  </Table.Td>
                  <Table.Td miw={120}>
                    <Progress value={progress} aria-label={`Progress of ${job.job_name}`} />
                  </Table.Td>
                  <Table.Td>{formatDate(job.created_at)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {current === 'pending' && <Button size="compact-xs" variant="light" onClick={() => act(job, 'hold')}>Hold</Button>}
                      {current === 'held' && <Button size="compact-xs" variant="light" onClick={() => act(job, 'release')}>Release</Button>}
                      {['pending', 'held', 'processing'].includes(current) && (
                        <Button size="compact-xs" color="red" variant="light" onClick={() => act(job, 'cancel')}>Cancel</Button>
                      )}
                      {['failed', 'cancelled'].includes(current) && <Button size="compact-xs" variant="light" onClick={() => act(job, 'retry')}>Retry</Button>}
                      <Button size="compact-xs" variant="default" onClick={() => setHistoryOf(job)}>
                        History
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </ListTable>
      <LoadMore {...jobs} />
      {historyOf && <JobHistory job={historyOf} onClose={() => setHistoryOf(null)} />}
    </>
  );
}
