import { SimpleGrid, Card, Text } from '@mantine/core';
import { api } from '../api';
import { useSignedIn } from '../session';
import { ErrorAlert, KeyValues, Loading, PageTitle, useLoad } from '../ui';

interface Stats {
  generated_at: string;
  unavailable: string[];
  [section: string]: unknown;
}

export default function Overview() {
  const session = useSignedIn();
  const stats = useLoad(() => api<Stats>(`/api/v1/organizations/${session.organizationId}/stats`), [session.organizationId]);
  return (
    <>
      <PageTitle>{session.organizationName}</PageTitle>
      <ErrorAlert error={stats.error} />
      {stats.loading && !stats.data && <Loading />}
      {stats.data && (
        <>
          {stats.data.unavailable?.length > 0 && (
            <Text c="red.9" mb="sm" fw={600}>
              Not answering now: {stats.data.unavailable.join(', ')}
            </Text>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {['members', 'shops', 'files', 'printers', 'print_jobs'].map((section) => (
              <Card withBorder key={section} data-testid={`stats-${section}`}>
                <Text fw={600} mb="xs" tt="capitalize">
                  {section.replace('_', ' ')}
                </Text>
                <KeyValues data={stats.data![section]} />
              </Card>
            ))}
          </SimpleGrid>
        </>
      )}
    </>
  );
}
