import { Alert, Button, Code, Group, Select, Table, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { formatDate } from '../format';
import { canAdminister, useSignedIn } from '../session';
import { ErrorAlert, fieldError, LoadMore, PageTitle, ListTable, usePagedList } from '../ui';

interface Member {
  user_id: string;
  email: string;
  full_name: string;
  role: string;
  is_active: boolean;
  last_login_at?: string;
  joined_at?: string;
}

interface Invitation {
  id: string;
  email: string;
  role: string;
  status: string;
  expires_at?: string;
  created_at: string;
  token?: string;
}

const ROLES = ['member', 'admin', 'owner'];

export default function Members() {
  const session = useSignedIn();
  const base = `/api/v1/organizations/${session.organizationId}`;
  const members = usePagedList<Member>(`${base}/members?limit=50`);
  const invitations = usePagedList<Invitation>(`${base}/invitations?status=pending&limit=50`);
  const [error, setError] = useState<unknown>(null);
  const [token, setToken] = useState<string | null>(null);
  const admin = canAdminister(session);
  const invite = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    api<Invitation>(`${base}/invitations`, { method: 'POST', body: { email: form.get('email'), role: form.get('role') } })
      .then((invitation) => {
        setToken(invitation.token ?? null);
        setError(null);
        target.reset();
        invitations.reload();
      })
      .catch(setError);
  };
  const changeRole = (member: Member, role: string) =>
    api(`${base}/members/${member.user_id}`, { method: 'PATCH', body: { role } }).then(members.reload).catch(setError);
  const remove = (member: Member) =>
    api(`${base}/members/${member.user_id}`, { method: 'DELETE' }).then(members.reload).catch(setError);
  const revoke = (invitation: Invitation) =>
    api(`${base}/invitations/${invitation.id}`, { method: 'DELETE' }).then(invitations.reload).catch(setError);
  const resend = (invitation: Invitation) =>
    api<Invitation>(`${base}/invitations/${invitation.id}/resend`, { method: 'POST' })
      .then((again) => setToken(again.token ?? null))
      .catch(setError);
  return (
    <>
      <PageTitle>Members & invitations</PageTitle>
      <ErrorAlert error={error ?? members.error} />
      <ListTable columns={['Name', 'Email', 'Role', 'Active', 'Actions']}>
            {members.items.map((member) => (
              <Table.Tr key={member.user_id}>
                <Table.Td>{member.full_name}</Table.Td>
                <Table.Td>{member.email}</Table.Td>
                <Table.Td>
                  {admin ? (
                    <Select
                      aria-label={`Role of ${member.email}`}
                      data={ROLES}
                      value={member.role}
                      allowDeselect={false}
                      onChange={(role) => role && role !== member.role && changeRole(member, role)}
                      w={120}
                    />
                  ) : (
                    member.role
                  )}
                </Table.Td>
                <Table.Td>{member.is_active ? 'yes' : 'no'}</Table.Td>
                <Table.Td>
                  {admin && member.email !== session.email && (
                    <Button size="compact-xs" color="red" variant="light" onClick={() => remove(member)}>
                      Remove {member.email}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
      <LoadMore {...members} />
      <Title order={2} size="h3" mt="xl" mb="sm">
        Invitations
      </Title>
      {admin && (
        <form onSubmit={invite} aria-label="Invite">
          <Group align="flex-start" wrap="wrap" mb="md">
            <TextInput name="email" type="email" label="Email" required error={fieldError(error, 'email')} />
            <Select name="role" label="Role" data={ROLES} defaultValue="member" allowDeselect={false} error={fieldError(error, 'role')} w={130} />
            <Button type="submit" mt={24}>
              Invite
            </Button>
          </Group>
        </form>
      )}
      {token && (
        <Alert color="green" title="Pass this invitation token on: it is shown once" mb="md">
          <Code data-testid="invitation-token">{token}</Code>
        </Alert>
      )}
      <ErrorAlert error={invitations.error} />
      <ListTable columns={['Email', 'Role', 'Status', 'Expires', 'Actions']}>
            {invitations.items.map((invitation) => (
              <Table.Tr key={invitation.id}>
                <Table.Td>{invitation.email}</Table.Td>
                <Table.Td>{invitation.role}</Table.Td>
                <Table.Td>{invitation.status}</Table.Td>
                <Table.Td>{formatDate(invitation.expires_at)}</Table.Td>
                <Table.Td>
                  {admin && (
                    <Group gap="xs">
                      <Button size="compact-xs" variant="light" onClick={() => resend(invitation)}>
                        Resend
                      </Button>
                      <Button size="compact-xs" color="red" variant="light" onClick={() => revoke(invitation)}>
                        Revoke
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
      <LoadMore {...invitations} />
    </>
  );
}
