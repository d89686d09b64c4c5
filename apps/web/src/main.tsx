import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

interface Readiness {
  status: string;
  details?: Record<string, { status: string; lastRunAt?: string | null }>;
}

function App() {
  const [readiness, setReadiness] = useState<Readiness | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetch('/readyz')
      .then((response) => response.json() as Promise<Readiness>)
      .then(setReadiness)
      .catch((reason: unknown) => setError(String(reason)));
  }, []);

  return (
    <main
      style={{
        fontFamily: 'system-ui, sans-serif',
        maxWidth: 720,
        margin: '3rem auto',
        padding: '0 1rem',
        lineHeight: 1.5,
      }}
    >
      <h1>RCA desk</h1>
      <p>
        Incident records, vendor status ingestion, postmortems with business-day deadlines, and
        exports to your wiki. The incident and postmortem pages arrive with their features; the REST
        API is documented at <a href="/api/docs">/api/docs</a>.
      </p>
      <h2>System status</h2>
      {error && <p role="alert">Could not reach the server: {error}</p>}
      {!readiness && !error && <p>Checking…</p>}
      {readiness && (
        <ul aria-label="dependencies">
          {Object.entries(readiness.details ?? {}).map(([name, detail]) => (
            <li key={name}>
              <strong>{name}</strong>: {detail.status}
              {detail.lastRunAt ? ` (last run ${new Date(detail.lastRunAt).toLocaleString()})` : ''}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
