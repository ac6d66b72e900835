import { Alert, Badge, Button, Card, Group, SimpleGrid, Table, Tabs, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError } from '../api';
import { formatDate } from '../format';
import { ErrorAlert, KeyValues, Loading, LoadMore, PageTitle, ListTable, useLoad, usePagedList } from '../ui';
import { AuditTrail } from './Audit';

interface Overview {
  organizations: { total: number; active: number; inactive: number };
  users: unknown;
  printers: unknown;
  print_jobs: unknown;
  files: unknown;
  generated_at: string;
  unavailable: string[];
}

interface AdminOrganization {
  id: string;
  name: string;
  is_active: boolean;
  member_count?: number;
  shop_count?: number;
  created_at?: string;
  [key: string]: unknown;
}

interface AdminUser {
  id: string;
  email: string;
  full_name: string;
  is_platform_admin?: boolean;
  suspended_at?: string | null;
  last_login_at?: string | null;
  memberships?: { organization_id: string; organization_name?: string; role: string }[];
}

function OverviewPanel({ overview }: { overview: Overview }) {
  return (
    <>
      {overview.unavailable?.length > 0 && <Alert color="orange" mb="sm">Not answering now: {overview.unavailable.join(', ')}</Alert>}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {(['organizations', 'users', 'printers', 'print_jobs', 'files'] as const).map((section) => (
          <Card withBorder key={section} data-testid={`admin-${section}`}>
            <Text fw={600} tt="capitalize" mb="xs">
              {section.replace('_', ' ')}
            </Text>
            <KeyValues data={overview[section]} />
          </Card>
        ))}
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt="xs">
        As of {formatDate(overview.generated_at)}
      </Text>
    </>
  );
}

function Organizations() {
  const [q, setQ] = useState('');
  const organizations = usePagedList<AdminOrganization>(`/api/v1/admin/organizations?limit=50&status=all${q ? `&q=${encodeURIComponent(q)}` : ''}`);
  const [error, setError] = useState<unknown>(null);
  const toggle = (organization: AdminOrganization) =>
    api(`/api/v1/admin/organizations/${organization.id}`, { method: 'PATCH', body: { is_active: !organization.is_active } })
      .then(organizations.reload)
      .catch(setError);
  return (
    <>
      <TextInput label="Search" value={q} onChange={(e) => setQ(e.currentTarget.value)} mb="sm" w={260} />
      <ErrorAlert error={error ?? organizations.error} />
      <ListTable columns={['Name', 'Members', 'Shops', 'Status', 'Created', 'Actions']}>
            {organizations.items.map((o) => (
              <Table.Tr key={o.id}>
                <Table.Td>{o.name}</Table.Td>
                <Table.Td>{String(o.member_count ?? '')}</Table.Td>
                <Table.Td>{String(o.shop_count ?? '')}</Table.Td>
                <Table.Td>
                  <Badge color={o.is_active ? 'green' : 'gray'}>{o.is_active ? 'active' : 'inactive'}</Badge>
                </Table.Td>
                <Table.Td>{formatDate(o.created_at)}</Table.Td>
                <Table.Td>
                  <Button size="compact-xs" variant="light" color={o.is_active ? 'red' : 'green'} onClick={() => toggle(o)}>
                    {o.is_active ? 'Switch off' : 'Switch on'} {o.name}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
      <LoadMore {...organizations} />
    </>
  );
}

function Users() {
  const [q, setQ] = useState('');
  const users = usePagedList<AdminUser>(`/api/v1/admin/users?limit=50&status=all${q ? `&q=${encodeURIComponent(q)}` : ''}`);
  const [error, setError] = useState<unknown>(null);
  const suspend = (user: AdminUser, suspended: boolean) =>
    api(`/api/v1/admin/users/${user.id}`, { method: 'PATCH', body: { suspended } }).then(users.reload).catch(setError);
  return (
    <>
      <TextInput label="Search" value={q} onChange={(e) => setQ(e.currentTarget.value)} mb="sm" w={260} />
      <ErrorAlert error={error ?? users.error} />
      <ListTable columns={['User', 'Memberships', 'Last login', 'Status', 'Actions']}>
            {users.items.map((user) => (
              <Table.Tr key={user.id}>
                <Table.Td>
                  {user.full_name} <Text size="xs">{user.email}</Text> {user.is_platform_admin && <Badge size="xs">platform admin</Badge>}
                </Table.Td>
                <Table.Td>
                  {(user.memberships ?? []).map((m) => `${m.organization_name ?? m.organization_id} (${m.role})`).join(', ')}
                </Table.Td>
                <Table.Td>{formatDate(user.last_login_at) || 'never'}</Table.Td>
                <Table.Td>{user.suspended_at ? `suspended ${formatDate(user.suspended_at)}` : 'active'}</Table.Td>
                <Table.Td>
                  <Button size="compact-xs" variant="light" onClick={() => suspend(user, !user.suspended_at)}>
                    {user.suspended_at ? 'Reinstate' : 'Suspend'} {user.email}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
      <LoadMore {...users} />
    </>
  );
}

function PrintAndFiles({ overview }: { overview: Overview }) {
  const usage = useLoad(() => api<unknown>('/api/v1/admin/files/usage'), []);
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Card withBorder>
        <Text fw={600} mb="xs">
          Print jobs across organizations
        </Text>
        <KeyValues data={overview.print_jobs} />
        <Text fw={600} mt="md" mb="xs">
          Printers
        </Text>
        <KeyValues data={overview.printers} />
      </Card>
      <Card withBorder>
        <Text fw={600} mb="xs">
          Storage by organization
        </Text>
        <ErrorAlert error={usage.error} />
        <KeyValues data={usage.data} />
      </Card>
    </SimpleGrid>
  );
}

function Health() {
  const health = useLoad(() => api<unknown>('/api/v1/admin/health'), []);
  return (
    <>
      <Button variant="light" onClick={health.reload} mb="sm">
        Check again
      </Button>
      <ErrorAlert error={health.error} />
      <KeyValues data={health.data} />
    </>
  );
}

export default function Admin() {
  const overview = useLoad(() => api<Overview>('/api/v1/admin/overview'), []);
  if (overview.loading && !overview.data) return <Loading />;
  if (overview.error) {
    const refused = overview.error instanceof ApiError && overview.error.status === 403;
    return (
      <>
        <PageTitle>Platform administration</PageTitle>
        <ErrorAlert error={overview.error} title={refused ? 'Refused: platform administrators only' : 'Cannot load'} />
      </>
    );
  }
  const data = overview.data!;
  return (
    <>
      <PageTitle>Platform administration</PageTitle>
      <Tabs defaultValue="overview" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="organizations">Organizations</Tabs.Tab>
          <Tabs.Tab value="users">Users</Tabs.Tab>
          <Tabs.Tab value="jobs">Print jobs & storage</Tabs.Tab>
          <Tabs.Tab value="logs">System log</Tabs.Tab>
          <Tabs.Tab value="health">Health</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview">
          <OverviewPanel overview={data} />
        </Tabs.Panel>
        <Tabs.Panel value="organizations">
          <Organizations />
        </Tabs.Panel>
        <Tabs.Panel value="users">
          <Users />
        </Tabs.Panel>
        <Tabs.Panel value="jobs">
          <PrintAndFiles overview={data} />
        </Tabs.Panel>
        <Tabs.Panel value="logs">
          <AuditTrail base="/api/v1/admin/events" extraFilters={['organization_id', 'level']} />
        </Tabs.Panel>
        <Tabs.Panel value="health">
          <Health />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

