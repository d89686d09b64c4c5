import { lazy, StrictMode, Suspense } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Link, Route, Routes } from 'react-router';
import { AiAssistPage } from './features/admin/ai-assist-page';
import { AuditPage } from './features/admin/audit-page';
import { ChannelsPage } from './features/admin/channels-page';
import { SlackSettingsPage } from './features/admin/slack-page';
import { DashboardPage, Home } from './features/dashboard/dashboard-page';
import { TokensPage } from './features/admin/tokens-page';
import { UsersPage } from './features/admin/users-page';
import { PoliciesPage } from './features/deadlines/policies-page';
import { LedgerPage } from './features/ledger/ledger-page';
import { InboxPage } from './features/postmortems/inbox-page';
import { Layout } from './layout';
import { CatalogPage } from './pages/catalog';
import { DeadlinesPage } from './features/deadlines/deadlines-page';
import { ExportTargetsPage } from './features/exports/export-targets-page';
import { TrackerTargetsPage } from './features/trackers/tracker-targets-page';
import { IncidentPage } from './pages/incident';
import { IncidentsPage } from './pages/incidents';
import { NewIncidentPage } from './pages/new-incident';
import { SetupPage } from './pages/setup';
import { SignInPage } from './pages/sign-in';
import { VendorsPage } from './features/vendors/vendors-page';
import { queryClient } from './query-client';
import { RequireSession, SessionProvider } from './session';
import { Empty, Loading } from './ui';
import './styles.css';

// The editor (CodeMirror, markdown-it, sanitize-html) is a chunk of its own, loaded on demand.
const PostmortemPage = lazy(() =>
  import('./features/postmortems/postmortem-page').then((module) => ({
    default: module.PostmortemPage,
  })),
);

// The template editor uses CodeMirror too: loaded on demand.
const TemplatesPage = lazy(() =>
  import('./features/templates/templates-page').then((module) => ({
    default: module.TemplatesPage,
  })),
);

function NotFound() {
  return (
    <Empty title="Page not found">
      <p>
        There is nothing at this address. Go to the <Link to="/incidents">incidents</Link>.
      </p>
    </Empty>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <SessionProvider>
          <Routes>
            <Route element={<Layout />}>
              <Route path="sign-in" element={<SignInPage />} />
              <Route path="setup" element={<SetupPage />} />
              <Route path="invitation" element={<SetupPage invitation />} />
              <Route element={<RequireSession />}>
                <Route index element={<Home />} />
                <Route path="dashboard" element={<DashboardPage />} />
                <Route path="inbox" element={<InboxPage />} />
                <Route path="incidents" element={<IncidentsPage />} />
                <Route path="incidents/new" element={<NewIncidentPage />} />
                <Route path="incidents/:reference" element={<IncidentPage />} />
                <Route
                  path="incidents/:reference/postmortem"
                  element={
                    <Suspense fallback={<Loading what="the postmortem editor" />}>
                      <PostmortemPage />
                    </Suspense>
                  }
                />
                <Route path="catalog" element={<CatalogPage />} />
                <Route path="deadlines" element={<DeadlinesPage />} />
                <Route path="deadlines/policies" element={<PoliciesPage />} />
                <Route path="vendors" element={<VendorsPage />} />
                <Route path="vendor-ledger" element={<LedgerPage />} />
                <Route path="export-targets" element={<ExportTargetsPage />} />
                <Route path="admin/trackers" element={<TrackerTargetsPage />} />
                <Route path="admin/people" element={<UsersPage />} />
                <Route path="admin/audit" element={<AuditPage />} />
                <Route path="admin/ai-assist" element={<AiAssistPage />} />
                <Route path="admin/notifications" element={<ChannelsPage />} />
                <Route path="admin/slack" element={<SlackSettingsPage />} />
                <Route
                  path="admin/templates"
                  element={
                    <Suspense fallback={<Loading what="the template editor" />}>
                      <TemplatesPage />
                    </Suspense>
                  }
                />
                <Route path="tokens" element={<TokensPage />} />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Route>
          </Routes>
        </SessionProvider>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
