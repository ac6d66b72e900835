import { Badge, Button, Card, Checkbox, Group, Select, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { canAdminister, useSignedIn } from '../session';
import { ErrorAlert, fieldError, KeyValues, LoadMore, PageTitle, ListTable, usePagedList } from '../ui';
import type { StoredFile } from './Files';

export interface Printer {
  id: string;
  name: string;
  printer_type: string;
  max_width_inches: number;
  max_height_inches: number;
  dpi: number;
  is_default: boolean;
  is_active: boolean;
  paused: boolean;
}

interface CanvasConfig {
  id: string;
  name: string;
  width_inches: number;
  height_inches: number;
  dpi?: number;
  is_stretch?: boolean;
  spacing_width_inches?: number;
  spacing_height_inches?: number;
  is_active?: boolean;
}

const TYPES = ['inkjet', 'laser', 'sublimation', 'dtg', 'dtf', 'uv', 'vinyl', 'thermal', 'other'];
const decimal = (form: FormData, name: string) => {
  const text = String(form.get(name) ?? '').trim();
  return text ? Number(text) : undefined;
};

function CapabilityCheck({ printers }: { printers: Printer[] }) {
  const files = usePagedList<StoredFile>('/api/v1/files?file_type=design&limit=100');
  const [result, setResult] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [printer, setPrinter] = useState<string | null>(null);
  const [file, setFile] = useState<string | null>(null);
  const check = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const query = new URLSearchParams();
    for (const name of ['width_inches', 'height_inches']) {
      const value = String(form.get(name) ?? '').trim();
      if (value) query.set(name, value);
    }
    query.set('allow_rotation', String(form.get('allow_rotation') === 'on'));
    if (file) query.set('file_id', file);
    api(`/api/v1/printers/${printer}/capability?${query}`)
      .then((answer) => {
        setResult(answer);
        setError(null);
      })
      .catch((e) => {
        setResult(null);
        setError(e);
      });
  };
  return (
    <Card withBorder mt="xl">
      <Title order={2} size="h4" mb="xs">
        Capability check
      </Title>
      <form onSubmit={check} aria-label="Capability check">
        <Group align="flex-start" wrap="wrap">
          <Select label="Printer" data={printers.map((p) => ({ value: p.id, label: p.name }))} value={printer} onChange={setPrinter} required w={200} />
          <TextInput name="width_inches" label="Width (in)" type="number" step="any" w={110} error={fieldError(error, 'width_inches')} />
          <TextInput name="height_inches" label="Height (in)" type="number" step="any" w={110} error={fieldError(error, 'height_inches')} />
          <Select label="Design file (for its DPI)" data={files.items.map((f) => ({ value: f.id, label: f.filename }))} value={file} onChange={setFile} clearable w={220} />
          <Checkbox name="allow_rotation" label="Allow rotation" defaultChecked mt={32} />
          <Button type="submit" mt={24} disabled={!printer}>
            Check
          </Button>
        </Group>
      </form>
      <ErrorAlert error={error} title="Cannot check" />
      {result ? (
        <div data-testid="capability-result">
          <KeyValues data={result} />
        </div>
      ) : null}
    </Card>
  );
}

function CanvasConfigs({ admin }: { admin: boolean }) {
  const canvases = usePagedList<CanvasConfig>('/api/v1/canvas-configs?limit=50');
  const [error, setError] = useState<unknown>(null);
  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    api('/api/v1/canvas-configs', {
      method: 'POST',
      body: {
        name: form.get('name'),
        width_inches: decimal(form, 'width_inches'),
        height_inches: decimal(form, 'height_inches'),
        dpi: decimal(form, 'dpi'),
        is_stretch: form.get('is_stretch') === 'on',
        spacing_width_inches: decimal(form, 'spacing_width_inches'),
        spacing_height_inches: decimal(form, 'spacing_height_inches'),
      },
    })
      .then(() => {
        target.reset();
        setError(null);
        canvases.reload();
      })
      .catch(setError);
  };
  const remove = (canvas: CanvasConfig) =>
    api(`/api/v1/canvas-configs/${canvas.id}`, { method: 'DELETE' }).then(canvases.reload).catch(setError);
  return (
    <>
      <Title order={2} size="h3" mt="xl" mb="sm">
        Canvas configs
      </Title>
      {admin && (
        <form onSubmit={create} aria-label="New canvas config">
          <Group align="flex-start" wrap="wrap" mb="md">
            <TextInput name="name" label="Name" required error={fieldError(error, 'name')} />
            <TextInput name="width_inches" label="Width (in)" type="number" step="any" required w={110} error={fieldError(error, 'width_inches')} />
            <TextInput name="height_inches" label="Height (in)" type="number" step="any" required w={110} error={fieldError(error, 'height_inches')} />
            <TextInput name="dpi" label="DPI" type="number" w={90} error={fieldError(error, 'dpi')} />
            <TextInput name="spacing_width_inches" label="Spacing W (in)" type="number" step="any" w={120} error={fieldError(error, 'spacing_width_inches')} />
            <TextInput name="spacing_height_inches" label="Spacing H (in)" type="number" step="any" w={120} error={fieldError(error, 'spacing_height_inches')} />
            <Checkbox name="is_stretch" label="Stretch" mt={32} />
            <Button type="submit" mt={24}>
              Add canvas
            </Button>
          </Group>
        </form>
      )}
      <ErrorAlert error={error ?? canvases.error} />
      <ListTable columns={['Name', 'Size (in)', 'DPI', 'Spacing (in)', 'Stretch', 'Actions']}>
            {canvases.items.map((canvas) => (
              <Table.Tr key={canvas.id}>
                <Table.Td>{canvas.name}</Table.Td>
                <Table.Td>
                  {canvas.width_inches} × {canvas.height_inches}
                </Table.Td>
                <Table.Td>{canvas.dpi}</Table.Td>
                <Table.Td>
                  {canvas.spacing_width_inches ?? ''} {canvas.spacing_height_inches != null ? `× ${canvas.spacing_height_inches}` : ''}
                </Table.Td>
                <Table.Td>{canvas.is_stretch ? 'yes' : 'no'}</Table.Td>
                <Table.Td>
                  {admin && (
                    <Button size="compact-xs" color="red" variant="light" onClick={() => remove(canvas)}>
                      Delete {canvas.name}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
      <LoadMore {...canvases} />
    </>
  );
}

export default function Printers() {
  const session = useSignedIn();
  const admin = canAdminister(session);
  const printers = usePagedList<Printer>('/api/v1/printers?limit=100');
  const [error, setError] = useState<unknown>(null);
  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    api('/api/v1/printers', {
      method: 'POST',
      body: {
        name: form.get('name'),
        printer_type: form.get('printer_type'),
        max_width_inches: decimal(form, 'max_width_inches'),
        max_height_inches: decimal(form, 'max_height_inches'),
        dpi: decimal(form, 'dpi'),
        is_default: form.get('is_default') === 'on',
      },
    })
      .then(() => {
        target.reset();
        setError(null);
        printers.reload();
      })
      .catch(setError);
  };
  const act = (printer: Printer, action: string) =>
    api(`/api/v1/printers/${printer.id}/${action}`, { method: 'POST' }).then(printers.reload).catch(setError);
  const remove = (printer: Printer) =>
    api(`/api/v1/printers/${printer.id}`, { method: 'DELETE' }).then(printers.reload).catch(setError);
  return (
    <>
      <PageTitle>Printers</PageTitle>
      {admin && (
        <form onSubmit={create} aria-label="New printer">
          <Group align="flex-start" wrap="wrap" mb="md">
            <TextInput name="name" label="Name" required error={fieldError(error, 'name')} />
            <Select name="printer_type" label="Type" data={TYPES} defaultValue="dtf" allowDeselect={false} w={130} error={fieldError(error, 'printer_type')} />
            <TextInput name="max_width_inches" label="Max width (in)" type="number" step="any" required w={120} error={fieldError(error, 'max_width_inches')} />
            <TextInput name="max_height_inches" label="Max height (in)" type="number" step="any" required w={120} error={fieldError(error, 'max_height_inches')} />
            <TextInput name="dpi" label="DPI" type="number" defaultValue="300" w={90} error={fieldError(error, 'dpi')} />
            <Switch name="is_default" label="Default" mt={32} />
            <Button type="submit" mt={24}>
              Add printer
            </Button>
          </Group>
        </form>
      )}
      <ErrorAlert error={error ?? printers.error} />
      <ListTable columns={['Name', 'Type', 'Max size (in)', 'DPI', 'State', 'Actions']}>
            {printers.items.map((printer) => (
              <Table.Tr key={printer.id} data-testid="printer-row">
                <Table.Td>
                  {printer.name} {printer.is_default && <Badge size="xs">default</Badge>}
                </Table.Td>
                <Table.Td>{printer.printer_type}</Table.Td>
                <Table.Td>
                  {printer.max_width_inches} × {printer.max_height_inches}
                </Table.Td>
                <Table.Td>{printer.dpi}</Table.Td>
                <Table.Td>{!printer.is_active ? 'inactive' : printer.paused ? 'paused' : 'ready'}</Table.Td>
                <Table.Td>
                  {admin && (
                    <Group gap="xs" wrap="nowrap">
                      {!printer.is_default && (
                        <Button size="compact-xs" variant="light" onClick={() => act(printer, 'set-default')}>
                          Make default
                        </Button>
                      )}
                      <Button size="compact-xs" variant="default" onClick={() => act(printer, printer.paused ? 'resume' : 'pause')}>
                        {printer.paused ? 'Resume' : 'Pause'}
                      </Button>
                      <Button size="compact-xs" color="red" variant="light" onClick={() => remove(printer)}>
                        Delete {printer.name}
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
      <LoadMore {...printers} />
      {printers.items.length === 0 && !printers.loading && <Text c="dimmed">No printer yet.</Text>}
      <CapabilityCheck printers={printers.items} />
      <CanvasConfigs admin={admin} />
    </>
  );
}
