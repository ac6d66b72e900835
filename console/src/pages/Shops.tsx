import { Button, Code, Group, Select, Table, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { formatDate } from '../format';
import { canAdminister, useSignedIn } from '../session';
import { ErrorAlert, fieldError, LoadMore, PageTitle, ListTable, usePagedList } from '../ui';

interface Shop {
  id: string;
  name: string;
  platform: string;
  platform_shop_id?: string;
  is_active: boolean;
  credential_keys?: string[];
  last_sync_at?: string;
}

const PLATFORMS = ['etsy', 'shopify', 'craftflow', 'manual', 'other'];

function parseObject(text: string, field: string): Record<string, unknown> | undefined {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, { detail: `${field} is not a JSON object`, errors: [{ field, message: 'must be a JSON object' }] });
  }
}

export default function Shops() {
  const session = useSignedIn();
  const base = `/api/v1/organizations/${session.organizationId}/shops`;
  const shops = usePagedList<Shop>(`${base}?limit=50`);
  const [error, setError] = useState<unknown>(null);
  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    try {
      const body = {
        name: form.get('name'),
        platform: form.get('platform'),
        platform_shop_id: form.get('platform_shop_id') || undefined,
        shop_config: parseObject(String(form.get('shop_config') ?? ''), 'shop_config'),
        credentials: parseObject(String(form.get('credentials') ?? ''), 'credentials'),
      };
      api(base, { method: 'POST', body })
        .then(() => {
          target.reset();
          setError(null);
          shops.reload();
        })
        .catch(setError);
    } catch (e) {
      setError(e);
    }
  };
  const act = (promise: Promise<unknown>) => promise.then(shops.reload).catch(setError);
  return (
    <>
      <PageTitle>Shops</PageTitle>
      {canAdminister(session) && (
        <form onSubmit={create} aria-label="New shop">
          <Group align="flex-start" wrap="wrap" mb="md">
            <TextInput name="name" label="Name" required error={fieldError(error, 'name')} />
            <Select name="platform" label="Platform" data={PLATFORMS} defaultValue="etsy" allowDeselect={false} w={130} error={fieldError(error, 'platform')} />
            <TextInput name="platform_shop_id" label="Shop id on the platform" error={fieldError(error, 'platform_shop_id')} />
            <Textarea name="shop_config" label="Settings (JSON)" placeholder='{"currency": "USD"}' error={fieldError(error, 'shop_config')} />
            <Textarea name="credentials" label="Credentials (JSON, sealed, never shown)" placeholder='{"access_token": "..."}' error={fieldError(error, 'credentials')} />
            <Button type="submit" mt={24}>
              Add shop
            </Button>
          </Group>
        </form>
      )}
      <ErrorAlert error={error ?? shops.error} />
      <ListTable columns={['Name', 'Platform', 'Credentials', 'Active', 'Last sync', 'Actions']}>
            {shops.items.map((shop) => (
              <Table.Tr key={shop.id}>
                <Table.Td>{shop.name}</Table.Td>
                <Table.Td>
                  {shop.platform} {shop.platform_shop_id && <Code>{shop.platform_shop_id}</Code>}
                </Table.Td>
                <Table.Td>{(shop.credential_keys ?? []).join(', ')}</Table.Td>
                <Table.Td>{shop.is_active ? 'yes' : 'no'}</Table.Td>
                <Table.Td>{formatDate(shop.last_sync_at)}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Button size="compact-xs" variant="light" onClick={() => act(api(`${base}/${shop.id}/sync`, { method: 'POST' }))}>
                      Sync
                    </Button>
                    {canAdminister(session) && (
                      <>
                        <Button size="compact-xs" variant="default" onClick={() => act(api(`${base}/${shop.id}`, { method: 'PATCH', body: { is_active: !shop.is_active } }))}>
                          {shop.is_active ? 'Deactivate' : 'Activate'}
                        </Button>
                        <Button size="compact-xs" color="red" variant="light" onClick={() => act(api(`${base}/${shop.id}`, { method: 'DELETE' }))}>
                          Delete {shop.name}
                        </Button>
                      </>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
      <LoadMore {...shops} />
    </>
  );
}
