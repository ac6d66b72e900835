import { Button, Group, Stack, Table, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api';
import { useSession, useSignedIn } from '../session';
import { ErrorAlert, fieldError, LoadMore, PageTitle, ListTable, usePagedList } from '../ui';

interface Organization {
  id: string;
  name: string;
  description?: string;
  created_at?: string;
}

/** The caller's organizations: switch to one, or create another (the caller becomes its owner). */
export default function Organizations() {
  const session = useSignedIn();
  const { switchOrganization } = useSession();
  const list = usePagedList<Organization>('/api/v1/organizations?limit=50');
  const [error, setError] = useState<unknown>(null);
  const navigate = useNavigate();
  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const target = event.currentTarget;
    api<Organization>('/api/v1/organizations', { method: 'POST', body: { name: form.get('name'), description: form.get('description') || undefined } })
      .then(() => {
        target.reset();
        setError(null);
        list.reload();
      })
      .catch(setError);
  };
  return (
    <>
      <PageTitle>Organizations</PageTitle>
      <ErrorAlert error={list.error ?? error} />
      <form onSubmit={create} aria-label="New organization">
        <Group align="flex-end" mb="md" wrap="wrap">
          <TextInput name="name" label="New organization" required error={fieldError(error, 'name')} />
          <TextInput name="description" label="Description" />
          <Button type="submit">Create</Button>
        </Group>
      </form>
      <ListTable columns={['Name', 'Description', 'Actions']}>
            {list.items.map((o) => (
              <Table.Tr key={o.id}>
                <Table.Td>{o.name}</Table.Td>
                <Table.Td>{o.description}</Table.Td>
                <Table.Td>
                  {o.id === session.organizationId ? (
                    'current'
                  ) : (
                    <Button size="compact-sm" variant="light" onClick={() => switchOrganization(o.id).then(() => navigate('/')).catch(setError)}>
                      Switch to {o.name}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
      <Stack>
        <LoadMore {...list} />
      </Stack>
    </>
  );
}
