import { AppShell, Badge, Burger, Button, Group, NavLink, Select, Text, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { NavLink as RouterLink, useLocation, useNavigate } from 'react-router';
import { page } from './api';
import { useSession, useSignedIn } from './session';
import { ErrorAlert, useLoad } from './ui';

const LINKS: [string, string][] = [
  ['/', 'Overview'],
  ['/namespaces', 'Namespaces & configs'],
  ['/api-keys', 'API keys'],
  ['/members', 'Members & invitations'],
  ['/shops', 'Shops'],
  ['/files', 'Files'],
  ['/printers', 'Printers & canvases'],
  ['/print-jobs', 'Print jobs'],
  ['/gang-sheets', 'Gang sheets'],
  ['/audit', 'Audit trail'],
  ['/organizations', 'Organizations'],
];

interface Organization {
  id: string;
  name: string;
}

function OrganizationSwitch() {
  const session = useSignedIn();
  const { switchOrganization } = useSession();
  const [error, setError] = useState<unknown>(null);
  const navigate = useNavigate();
  const organizations = useLoad(() => page<Organization>('/api/v1/organizations?limit=200'), [session.organizationId]);
  const options = (organizations.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }));
  if (!options.some((o) => o.value === session.organizationId)) {
    options.unshift({ value: session.organizationId, label: session.organizationName });
  }
  return (
    <>
      <Select
        aria-label="Organization"
        data={options}
        value={session.organizationId}
        allowDeselect={false}
        w={{ base: 150, sm: 220 }}
        onChange={(value) => {
          if (value && value !== session.organizationId) {
            switchOrganization(value)
              .then(() => navigate('/'))
              .catch(setError);
          }
        }}
      />
      {error ? <ErrorAlert error={error} title="Cannot switch" /> : null}
    </>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure();
  const session = useSignedIn();
  const { signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const links = session.platformAdmin ? [...LINKS, ['/admin', 'Platform admin'] as [string, string]] : LINKS;
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Text fw={700} visibleFrom="xs">
              Konfig
            </Text>
          </Group>
          <Group wrap="nowrap" gap="xs">
            <OrganizationSwitch />
            <Badge visibleFrom="sm" variant="light" data-testid="role">
              {session.role}
            </Badge>
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={() => signOut().finally(() => navigate('/signin'))}
            >
              Sign out
              <VisuallyHidden> {session.email}</VisuallyHidden>
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {links.map(([to, label]) => (
          <NavLink
            key={to}
            component={RouterLink}
            to={to}
            label={label}
            onClick={close}
            active={to === '/' ? location.pathname === '/' : location.pathname.startsWith(to)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
