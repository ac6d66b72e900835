import { Alert, Badge, Button, Card, Group, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api';
import { ErrorAlert, fieldError, PageTitle, ListTable, usePagedList } from '../ui';
import { imageFacts, Thumbnail, type StoredFile } from './Files';
import type { Printer } from './Printers';

// Spec print-service §5: POST /api/v1/gang-sheets/preview {printer_id?, canvas_config_id?, items, print_config?}.

interface Placement {
  item_index: number;
  copy_index: number;
  file_id: string;
  x_px: number;
  y_px: number;
  width_px: number;
  height_px: number;
  rotated: boolean;
}

interface Sheet {
  index: number;
  width_px: number;
  length_px: number;
  length_inches: number;
  utilization: number;
  placements: Placement[];
}

export interface Layout {
  layout_id?: string;
  algorithm: string;
  sheet_width_inches: number;
  max_length_inches: number;
  dpi: number;
  spacing_width_inches: number;
  spacing_height_inches: number;
  margin_inches: number;
  rotation: string;
  sources: Record<string, string>;
  total_copies: number;
  sheets: Sheet[];
  utilization: number;
  warnings: { item_index: number; code: string; effective_dpi?: number }[];
}

const PALETTE = ['#4c6ef5', '#12b886', '#fab005', '#fa5252', '#7950f2', '#15aabf', '#e64980', '#82c91e'];

/** One sheet drawn to scale: the sheet's width fills the box, placements keep their proportions. */
export function SheetDrawing({ sheet, files }: { sheet: Sheet; files: Record<string, string> }) {
  const width = sheet.width_px;
  const length = Math.max(sheet.length_px, 1);
  return (
    <svg
      viewBox={`0 0 ${width} ${length}`}
      role="img"
      aria-label={`Sheet ${sheet.index + 1}: ${sheet.placements.length} copies, ${sheet.length_inches} inches long, ${(sheet.utilization * 100).toFixed(1)}% used`}
      style={{ width: '100%', maxHeight: 480, background: '#f1f3f5', border: '1px solid #adb5bd' }}
      data-testid="sheet"
    >
      {sheet.placements.map((p, index) => (
        <g key={index}>
          <rect x={p.x_px} y={p.y_px} width={p.width_px} height={p.height_px} fill={PALETTE[p.item_index % PALETTE.length]} fillOpacity={0.75} stroke="#212529" strokeWidth={Math.max(width / 400, 1)} />
          <title>{`${files[p.file_id] ?? p.file_id} copy ${p.copy_index + 1}${p.rotated ? ' (rotated)' : ''}`}</title>
        </g>
      ))}
    </svg>
  );
}

export function LayoutView({ layout, files }: { layout: Layout; files: Record<string, string> }) {
  return (
    <Stack gap="xs" data-testid={`layout-${layout.algorithm}`}>
      <Group gap="xs">
        <Badge>{layout.algorithm}</Badge>
        <Badge color="green" data-testid="utilization">
          {(layout.utilization * 100).toFixed(1)}% used
        </Badge>
        <Badge color="gray">{layout.sheets.length} sheet(s)</Badge>
        <Badge color="gray">{layout.total_copies} copies</Badge>
        <Badge color="gray">{layout.dpi} DPI</Badge>
      </Group>
      <Text size="sm">
        Sheet {layout.sheet_width_inches} in wide, at most {layout.max_length_inches} in long; spacing {layout.spacing_width_inches} × {layout.spacing_height_inches} in, margin{' '}
        {layout.margin_inches} in, rotation {layout.rotation}
        {layout.sources && ` (from ${Object.entries(layout.sources).map(([k, v]) => `${k}: ${v}`).join(', ')})`}
      </Text>
      {layout.warnings?.length > 0 && (
        <Alert color="orange" title="DPI warnings">
          {layout.warnings.map((w, i) => (
            <div key={i}>
              item {w.item_index + 1}: {w.code.replace('_', ' ')}
              {w.effective_dpi != null && ` (effective ${Math.round(w.effective_dpi)} DPI)`}
            </div>
          ))}
        </Alert>
      )}
      {layout.sheets.map((sheet) => (
        <div key={sheet.index}>
          <Text size="sm">
            Sheet {sheet.index + 1}: {sheet.length_inches} in long, {(sheet.utilization * 100).toFixed(1)}% used
          </Text>
          <SheetDrawing sheet={sheet} files={files} />
        </div>
      ))}
    </Stack>
  );
}

interface Item {
  file_id: string;
  quantity: number;
  width_inches?: number;
}

export default function GangSheets() {
  const files = usePagedList<StoredFile>('/api/v1/files?file_type=design&limit=100');
  const printers = usePagedList<Printer>('/api/v1/printers?active_only=true&limit=100');
  const canvases = usePagedList<{ id: string; name: string }>('/api/v1/canvas-configs?limit=100');
  const [items, setItems] = useState<Item[]>([]);
  const [printer, setPrinter] = useState<string | null>(null);
  const [canvas, setCanvas] = useState<string | null>(null);
  const [rotation, setRotation] = useState('auto');
  const [spacing, setSpacing] = useState<string>('');
  const [algorithms, setAlgorithms] = useState<string[]>([]);
  const [layouts, setLayouts] = useState<{ algorithm: string; layout?: Layout; error?: unknown }[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [jobName, setJobName] = useState('');
  const navigate = useNavigate();
  const names = Object.fromEntries(files.items.map((f) => [f.id, f.filename]));

  const body = (algorithm?: string) => {
    const printConfig: Record<string, unknown> = { rotation };
    if (algorithm) printConfig.algorithm = algorithm;
    if (spacing.trim()) {
      printConfig.spacing_width_inches = Number(spacing);
      printConfig.spacing_height_inches = Number(spacing);
    }
    return {
      printer_id: printer ?? undefined,
      canvas_config_id: canvas ?? undefined,
      items: items.map((item) => ({ file_id: item.file_id, quantity: item.quantity, width_inches: item.width_inches || undefined })),
      print_config: printConfig,
    };
  };
  const preview = () => {
    setBusy(true);
    setError(null);
    // No choice: one preview with the service's default algorithm; else one per algorithm, side by side.
    const chosen: (string | undefined)[] = algorithms.length ? algorithms : [undefined];
    Promise.all(
      chosen.map((algorithm) =>
        api<Layout>('/api/v1/gang-sheets/preview', { method: 'POST', body: body(algorithm) })
          .then((layout) => ({ algorithm: layout.algorithm, layout }))
          .catch((e) => ({ algorithm: algorithm ?? 'default', error: e })),
      ),
    )
      .then(setLayouts)
      .finally(() => setBusy(false));
  };
  const createJob = () => {
    // The job is laid out with the best previewed algorithm (the highest utilisation).
    const best = layouts.filter((l) => l.layout).sort((a, b) => b.layout!.utilization - a.layout!.utilization)[0];
    const { items: jobItems, print_config, printer_id } = body(best?.layout?.algorithm);
    api('/api/v1/print-jobs', {
      method: 'POST',
      headers: { 'Idempotency-Key': crypto.randomUUID() },
      body: { job_type: 'gang_sheets', job_name: jobName || 'Gang sheet', printer_id, items: jobItems, print_config: { ...print_config, canvas_config_id: canvas ?? undefined } },
    })
      .then(() => navigate('/print-jobs'))
      .catch(setError);
  };
  const itemError = (index: number, field: string) => fieldError(error ?? layouts.find((l) => l.error)?.error, `items[${index}].${field}`);

  return (
    <>
      <PageTitle>Gang-sheet builder</PageTitle>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Text fw={600} mb="xs">
            Designs
          </Text>
          <ListTable columns={['Design', 'Facts', 'Copies']}>
                {files.items.map((file) => {
                  const index = items.findIndex((i) => i.file_id === file.id);
                  const item = items[index];
                  return (
                    <Table.Tr key={file.id}>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Thumbnail file={file} size={40} />
                          <Text size="sm">{file.filename}</Text>
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">{imageFacts(file)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <NumberInput
                          aria-label={`Copies of ${file.filename}`}
                          min={0}
                          max={10000}
                          w={90}
                          value={item?.quantity ?? 0}
                          error={index >= 0 ? itemError(index, 'quantity') : undefined}
                          onChange={(value) => {
                            const quantity = Number(value) || 0;
                            setItems((current) => {
                              const rest = current.filter((i) => i.file_id !== file.id);
                              return quantity > 0 ? [...rest, { file_id: file.id, quantity }] : rest;
                            });
                          }}
                        />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </ListTable>
          {files.items.length === 0 && <Text c="dimmed">Upload designs on the Files page first.</Text>}
        </Card>
        <Card withBorder>
          <Stack>
            <Select label="Printer" placeholder="the default printer" data={printers.items.map((p) => ({ value: p.id, label: `${p.name} (${p.max_width_inches} in, ${p.dpi} DPI)` }))} value={printer} onChange={setPrinter} clearable />
            <Select label="Canvas config" placeholder="none" data={canvases.items.map((c) => ({ value: c.id, label: c.name }))} value={canvas} onChange={setCanvas} clearable />
            <Select label="Rotation" data={['auto', 'always', 'never']} value={rotation} onChange={(v) => setRotation(v ?? 'auto')} allowDeselect={false} />
            <TextInput label="Spacing (in)" placeholder="from the canvas, preset or 0.125" value={spacing} onChange={(e) => setSpacing(e.currentTarget.value)} type="number" step="any" />
            <MultiSelect
              label="Algorithms to compare"
              placeholder="the service's default"
              data={['maxrects', 'maxrects_bssf', 'skyline', 'rows']}
              value={algorithms}
              onChange={setAlgorithms}
            />
            <Button onClick={preview} loading={busy} disabled={items.length === 0}>
              Preview layout
            </Button>
            <TextInput label="Job name" value={jobName} onChange={(e) => setJobName(e.currentTarget.value)} />
            <Button variant="light" onClick={createJob} disabled={!layouts.some((l) => l.layout)}>
              Create gang-sheet job
            </Button>
          </Stack>
        </Card>
      </SimpleGrid>
      <ErrorAlert error={error} title="Not created" />
      <SimpleGrid cols={{ base: 1, md: layouts.length > 1 ? 2 : 1 }} mt="md">
        {layouts.map((result) => (
          <Card withBorder key={result.algorithm}>
            {result.layout ? <LayoutView layout={result.layout} files={names} /> : <ErrorAlert error={result.error} title={`${result.algorithm}: no layout`} />}
          </Card>
        ))}
      </SimpleGrid>
    </>
  );
}
