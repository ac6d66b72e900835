import { Alert, Button, Checkbox, Code, CopyButton, Group, Table, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { formatDate } from '../format';
import { ErrorAlert, fieldError, LoadMore, PageTitle, ListTable, usePagedList } from '../ui';

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string;
  created_at: string;
  expires_at?: string;
  last_used_at?: string;
  revoked_at?: string;
  key?: string;
}

const SCOPES = ['read', 'write', 'secrets:read', 'print:agent'];

export default function ApiKeys() {
  const keys = usePagedList<ApiKey>('/api/v1/api-keys?limit=50');
  const [created, setCreated] = useState<ApiKey | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [scopes, setScopes] = useState<string[]>(['read']);
  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    const expires = String(form.get('expires_at') ?? '');
    api<ApiKey>('/api/v1/api-keys', {
      method: 'POST',
      body: { name: form.get('name'), scopes: scopes.join(','), expires_at: expires ? new Date(expires).toISOString() : undefined },
    })
      .then((key) => {
        setCreated(key);
        setError(null);
        target.reset();
        keys.reload();
      })
      .catch(setError);
  };
  const revoke = (key: ApiKey) =>
    api(`/api/v1/api-keys/${key.id}`, { method: 'DELETE' }).then(keys.reload).catch(setError);
  return (
    <>
      <PageTitle>API keys</PageTitle>
      <form onSubmit={create} aria-label="New API key">
        <Group align="flex-start" wrap="wrap" mb="md">
          <TextInput name="name" label="Name" required error={fieldError(error, 'name')} />
          <Checkbox.Group label="Scopes" value={scopes} onChange={setScopes} error={fieldError(error, 'scopes')}>
            <Group mt={8}>
              {SCOPES.map((scope) => (
                <Checkbox key={scope} value={scope} label={scope} />
              ))}
            </Group>
          </Checkbox.Group>
          <TextInput name="expires_at" type="date" label="Expires (optional)" />
          <Button type="submit" mt={24}>
            Create key
          </Button>
        </Group>
      </form>
      <ErrorAlert error={error ?? keys.error} />
      {created?.key && (
        <Alert color="green" title="Copy the key now: it is shown only once" mb="md" withCloseButton onClose={() => setCreated(null)} closeButtonLabel="Hide the key">
          <Group>
            <Code data-testid="new-api-key">{created.key}</Code>
            <CopyButton value={created.key}>
              {({ copied, copy }) => (
                <Button size="compact-sm" onClick={copy}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      <ListTable columns={['Name', 'Prefix', 'Scopes', 'Created', 'Last used', 'Expires', 'Actions']}>
            {keys.items.map((key) => (
              <Table.Tr key={key.id}>
                <Table.Td>{key.name}</Table.Td>
                <Table.Td>
                  <Code>{key.prefix}</Code>
                </Table.Td>
                <Table.Td>{key.scopes}</Table.Td>
                <Table.Td>{formatDate(key.created_at)}</Table.Td>
                <Table.Td>{formatDate(key.last_used_at) || 'never'}</Table.Td>
                <Table.Td>{formatDate(key.expires_at) || 'never'}</Table.Td>
                <Table.Td>
                  {key.revoked_at ? (
                    'revoked'
                  ) : (
                    <Button size="compact-xs" color="red" variant="light" onClick={() => revoke(key)}>
                      Revoke {key.name}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
      <LoadMore {...keys} />
    </>
  );
}
