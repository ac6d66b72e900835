import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout } from './Layout';
import { SessionProvider, useSession } from './session';
import { SignIn } from './pages/SignIn';
import { Loading } from './ui';

// Every page but the sign-in is its own chunk: the first page loads only what it shows.
const Overview = lazy(() => import('./pages/Overview'));
const Namespaces = lazy(() => import('./pages/Namespaces'));
const NamespaceDetail = lazy(() => import('./pages/NamespaceDetail'));
const ApiKeys = lazy(() => import('./pages/ApiKeys'));
const Members = lazy(() => import('./pages/Members'));
const Shops = lazy(() => import('./pages/Shops'));
const Files = lazy(() => import('./pages/Files'));
const Printers = lazy(() => import('./pages/Printers'));
const PrintJobs = lazy(() => import('./pages/PrintJobs'));
const GangSheets = lazy(() => import('./pages/GangSheets'));
const Audit = lazy(() => import('./pages/Audit'));
const Admin = lazy(() => import('./pages/Admin'));
const Organizations = lazy(() => import('./pages/Organizations'));

function Protected() {
  const { session, restoring } = useSession();
  const location = useLocation();
  if (restoring) return <Loading />;
  if (!session) return <Navigate to="/signin" replace state={{ from: location.pathname }} />;
  return (
    <Layout>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<Overview />} />
          <Route path="/organizations" element={<Organizations />} />
          <Route path="/namespaces" element={<Namespaces />} />
          <Route path="/namespaces/:ns" element={<NamespaceDetail />} />
          <Route path="/api-keys" element={<ApiKeys />} />
          <Route path="/members" element={<Members />} />
          <Route path="/shops" element={<Shops />} />
          <Route path="/files" element={<Files />} />
          <Route path="/printers" element={<Printers />} />
          <Route path="/print-jobs" element={<PrintJobs />} />
          <Route path="/gang-sheets" element={<GangSheets />} />
          <Route path="/audit" element={<Audit />} />
          <Route path="/admin/*" element={<Admin />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </Suspense>
    </Layout>
  );
}

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Routes>
          <Route path="/signin" element={<SignIn mode="signin" />} />
          <Route path="/register" element={<SignIn mode="register" />} />
          <Route path="/*" element={<Protected />} />
        </Routes>
      </BrowserRouter>
    </SessionProvider>
  );
}
