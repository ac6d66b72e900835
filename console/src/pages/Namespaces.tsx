import { Anchor, Button, Checkbox, Group, Table, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../api';
import { formatDate } from '../format';
import { ErrorAlert, fieldError, LoadMore, PageTitle, ListTable, usePagedList } from '../ui';

interface Namespace {
  id: string;
  name: string;
  description?: string;
  revision?: number;
  require_if_match?: boolean;
  created_at?: string;
}

export default function Namespaces() {
  const list = usePagedList<Namespace>('/api/v1/namespaces?limit=50');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    setBusy(true);
    api('/api/v1/namespaces', {
      method: 'POST',
      body: {
        name: form.get('name'),
        description: form.get('description') || undefined,
        require_if_match: form.get('require_if_match') === 'on',
      },
    })
      .then(() => {
        target.reset();
        setError(null);
        list.reload();
      })
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return (
    <>
      <PageTitle>Namespaces</PageTitle>
      <form onSubmit={create} aria-label="New namespace">
        <Group align="flex-start" mb="md" wrap="wrap">
          <TextInput
            name="name"
            label="Name"
            required
            description="Letters, digits, _ and -"
            error={fieldError(error, 'name')}
          />
          <TextInput name="description" label="Description" error={fieldError(error, 'description')} />
          <Checkbox name="require_if_match" label="Require If-Match on writes" mt={32} />
          <Button type="submit" mt={24} loading={busy}>
            Create namespace
          </Button>
        </Group>
      </form>
      <ErrorAlert error={error ?? list.error} />
      <ListTable columns={['Name', 'Description', 'Revision', 'Created']} highlightOnHover>
            {list.items.map((ns) => (
              <Table.Tr key={ns.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/namespaces/${encodeURIComponent(ns.name)}`}>
                    {ns.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{ns.description}</Table.Td>
                <Table.Td>{ns.revision}</Table.Td>
                <Table.Td>{formatDate(ns.created_at)}</Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
      <LoadMore {...list} />
    </>
  );
}
