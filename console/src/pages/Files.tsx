import { Badge, Button, Group, Image, Progress, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { useEffect, useState } from 'react';
import { api, ApiError, request, upload } from '../api';
import { formatBytes, formatDate } from '../format';
import { ErrorAlert, LoadMore, PageTitle, ListTable, usePagedList } from '../ui';

export interface StoredFile {
  id: string;
  filename: string;
  file_type: string;
  status: string;
  file_size: number;
  mime_type?: string;
  sha256?: string;
  image?: {
    width_px?: number;
    height_px?: number;
    dpi_x?: number;
    dpi_y?: number;
    width_inches?: number;
    height_inches?: number;
  } | null;
  archived_at?: string | null;
  created_at: string;
  deduplicated?: boolean;
}

interface UploadState {
  id: number;
  name: string;
  progress: number;
  result?: StoredFile;
  error?: unknown;
}

let uploadCounter = 0;
const FILE_TYPES = ['design', 'original', 'mockup', 'watermark', 'template', 'print_file', 'export', 'other'];
const THUMBNAIL_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** A thumbnail fetched with the token (an <img src> cannot send it), shown from a blob: URL. */
export function Thumbnail({ file, size = 56 }: { file: StoredFile; size?: number }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (file.status !== 'ready' || !THUMBNAIL_TYPES.includes(file.mime_type ?? '')) return undefined;
    let objectUrl: string | null = null;
    const controller = new AbortController();
    request(`/api/v1/files/${file.id}/content?disposition=inline`, { signal: controller.signal, headers: { Accept: '*/*' } })
      .then((response) => (response.ok ? response.blob() : null))
      .then((blob) => {
        if (blob) {
          objectUrl = URL.createObjectURL(blob);
          setUrl(objectUrl);
        }
      })
      .catch(() => undefined);
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [file.id, file.status, file.mime_type]);
  if (!url) return <div style={{ width: size, height: size, background: 'var(--mantine-color-gray-1)' }} aria-hidden />;
  return <Image src={url} alt={`Thumbnail of ${file.filename}`} w={size} h={size} fit="contain" />;
}

export function imageFacts(file: StoredFile): string {
  const image = file.image;
  if (!image?.width_px) return '';
  const round = (value: number | undefined, digits: number) => Number(Number(value).toFixed(digits));
  const dpi = image.dpi_x ? `${round(image.dpi_x, 0)} DPI` : 'no DPI';
  const inches = image.width_inches ? ` · ${round(image.width_inches, 2)}×${round(image.height_inches, 2)} in` : '';
  return `${image.width_px}×${image.height_px} px · ${dpi}${inches}`;
}

export default function Files() {
  const [archived, setArchived] = useState(false);
  const [search, setSearch] = useState('');
  const [fileType, setFileType] = useState('design');
  const query = new URLSearchParams({ limit: '50' });
  if (archived) query.set('include_archived', 'true');
  if (search) query.set('filename_contains', search);
  const files = usePagedList<StoredFile>(`/api/v1/files?${query}`);
  const [uploads, setUploads] = useState<UploadState[]>([]);
  const [error, setError] = useState<unknown>(null);

  const send = (dropped: File[]) => {
    dropped.forEach((file) => {
      const id = ++uploadCounter;
      setUploads((current) => [{ id, name: file.name, progress: 0 }, ...current]);
      const update = (change: Partial<UploadState>) =>
        setUploads((current) => current.map((u) => (u.id === id ? { ...u, ...change } : u)));
      const form = new FormData();
      form.append('file_type', fileType);
      form.append('file', file, file.name);
      upload<StoredFile>('/api/v1/files', form, (progress) => update({ progress }))
        .then((result) => {
          update({ result, progress: 1 });
          files.reload();
        })
        .catch((e) => update({ error: e }));
    });
  };
  const archive = (file: StoredFile) => api(`/api/v1/files/${file.id}`, { method: 'DELETE' }).then(files.reload).catch(setError);
  const restore = (file: StoredFile) =>
    api(`/api/v1/files/${file.id}/restore`, { method: 'POST' }).then(files.reload).catch(setError);

  return (
    <>
      <PageTitle>Files</PageTitle>
      <Group align="flex-end" mb="sm" wrap="wrap">
        <Select label="Upload as" data={FILE_TYPES} value={fileType} onChange={(v) => setFileType(v ?? 'design')} allowDeselect={false} w={150} />
        <TextInput label="Name contains" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
        <Switch label="Show archived" checked={archived} onChange={(e) => setArchived(e.currentTarget.checked)} mb={8} />
      </Group>
      <Dropzone onDrop={send} multiple mb="md" aria-label="Upload files" data-testid="dropzone" inputProps={{ 'aria-label': 'Files to upload' }}>
        <Stack align="center" p="lg" gap={4}>
          <Text fw={600}>Drop design files here, or press to choose</Text>
          <Text size="sm" c="dimmed">
            PNG, JPEG, TIFF, WebP, PDF, PSD, SVG; the same bytes twice are stored once
          </Text>
        </Stack>
      </Dropzone>
      {uploads.length > 0 && (
        <Stack gap="xs" mb="md" aria-live="polite" data-testid="uploads">
          {uploads.map((u) => (
            <div key={u.id}>
              <Group justify="space-between">
                <Text size="sm">{u.name}</Text>
                {u.result?.deduplicated && <Badge color="yellow">already stored: deduplicated</Badge>}
                {u.result && !u.result.deduplicated && <Badge color="green">stored</Badge>}
              </Group>
              <Progress value={Math.round(u.progress * 100)} aria-label={`Upload of ${u.name}`} color={u.error ? 'red' : undefined} />
              {u.error instanceof ApiError || u.error instanceof Error ? <ErrorAlert error={u.error} title={`${u.name} not stored`} /> : null}
            </div>
          ))}
        </Stack>
      )}
      <ErrorAlert error={error ?? files.error} />
      <ListTable columns={['Preview', 'Name', 'Type', 'Size', 'Image', 'Status', 'Uploaded', 'Actions']} verticalSpacing="xs">
            {files.items.map((file) => (
              <Table.Tr key={file.id} data-testid="file-row">
                <Table.Td>
                  <Thumbnail file={file} />
                </Table.Td>
                <Table.Td>{file.filename}</Table.Td>
                <Table.Td>{file.file_type}</Table.Td>
                <Table.Td>{formatBytes(file.file_size)}</Table.Td>
                <Table.Td>{imageFacts(file)}</Table.Td>
                <Table.Td>{file.archived_at ? 'archived' : file.status}</Table.Td>
                <Table.Td>{formatDate(file.created_at)}</Table.Td>
                <Table.Td>
                  {file.archived_at ? (
                    <Button size="compact-xs" variant="light" onClick={() => restore(file)}>
                      Restore {file.filename}
                    </Button>
                  ) : (
                    <Button size="compact-xs" variant="default" onClick={() => archive(file)}>
                      Archive {file.filename}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
      <LoadMore {...files} />
    </>
  );
}
