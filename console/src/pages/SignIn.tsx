import { Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { useSession } from '../session';
import { ErrorAlert, fieldError } from '../ui';

export function SignIn({ mode }: { mode: 'signin' | 'register' }) {
  const { session, signIn, register } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();
  if (session) return <Navigate to={(location.state as { from?: string } | null)?.from ?? '/'} replace />;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '');
    setBusy(true);
    setError(null);
    const done =
      mode === 'signin'
        ? signIn(value('email'), value('password'))
        : register({
            tenant_name: value('tenant_name'),
            full_name: value('full_name'),
            email: value('email'),
            password: value('password'),
          });
    done
      .then(() => navigate('/'))
      .catch(setError)
      .finally(() => setBusy(false));
  };

  return (
    <Center mih="100vh" p="md">
      <main>
        <Paper withBorder p="xl" w={{ base: '100%', xs: 420 }} maw={420}>
          <form onSubmit={submit} noValidate={false}>
            <Stack>
              <Title order={1} size="h2">
                {mode === 'signin' ? 'Sign in to Konfig' : 'Create your organization'}
              </Title>
              <ErrorAlert error={error} title={mode === 'signin' ? 'Cannot sign in' : 'Cannot register'} />
              {mode === 'register' && (
                <>
                  <TextInput name="tenant_name" label="Organization name" required error={fieldError(error, 'tenant_name')} />
                  <TextInput name="full_name" label="Your name" required error={fieldError(error, 'full_name')} autoComplete="name" />
                </>
              )}
              <TextInput name="email" type="email" label="Email" required autoComplete="email" error={fieldError(error, 'email')} />
              <PasswordInput
                name="password"
                label="Password"
                required
                minLength={mode === 'register' ? 8 : undefined}
                autoComplete={mode === 'signin' ? 'current-password' : 'new-password'}
                description={mode === 'register' ? 'At least 8 characters' : undefined}
                error={fieldError(error, 'password')}
              />
              <Button type="submit" loading={busy}>
                {mode === 'signin' ? 'Sign in' : 'Register'}
              </Button>
              <Text size="sm">
                {mode === 'signin' ? (
                  <>
                    New here? <Anchor component={Link} to="/register">Create an organization</Anchor>
                  </>
                ) : (
                  <>
                    Already registered? <Anchor component={Link} to="/signin">Sign in</Anchor>
                  </>
                )}
              </Text>
            </Stack>
          </form>
        </Paper>
      </main>
    </Center>
  );
}
