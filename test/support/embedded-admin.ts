import { EmbeddedProcess } from '../embedded-process';
import { HttpSession } from '../http-session';

const PASSWORD = 'meadow-copper-signal-5';

/** The first admin, through the setup link the embedded process prints on a fresh DATA_DIR. */
export async function firstAdmin(app: EmbeddedProcess): Promise<HttpSession> {
  let match: RegExpExecArray | null = null;
  for (let attempt = 0; attempt < 100 && !match; attempt += 1) {
    match = /\/setup#token=([A-Za-z0-9_-]+)/.exec(app.output());
    if (!match) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!match) throw new Error(`no setup link printed:\n${app.output()}`);
  const accept = await fetch(`${app.url}/api/auth/invitations/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token: match[1],
      email: 'sre@example.com',
      displayName: 'SRE',
      password: PASSWORD,
    }),
  });
  if (accept.status !== 200) throw new Error(`setup link refused: ${accept.status}`);
  const session = new HttpSession(app.url);
  const login = await session.login('sre@example.com', PASSWORD);
  if (login.status !== 200) throw new Error(`login refused: ${login.status}`);
  return session;
}

/** `/api<path>` as the session's person; the parsed JSON body. */
export async function call(session: HttpSession, method: string, path: string, body?: unknown) {
  const response = await session.request(method, `/api${path}`, { body });
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed as any };
}

/** 200 mixed concurrent reads and writes over these incidents (versions race on purpose). */
export function mixedRequests(session: HttpSession, references: string[], count = 200) {
  const targets = ['identified', 'monitoring', 'investigating'] as const;
  return Array.from({ length: count }, (_, index) => {
    const ref = references[index % references.length];
    switch (index % 6) {
      case 0:
        return call(session, 'GET', '/incidents?limit=20');
      case 1:
        return call(session, 'GET', `/incidents/${ref}/timeline`);
      case 2:
        // 200 or 409, never a 5xx.
        return call(session, 'POST', `/incidents/${ref}/transitions`, {
          version: 1 + (index % 4),
          to: targets[index % targets.length],
        });
      case 3:
        return call(session, 'PATCH', `/incidents/${ref}`, {
          version: 1 + (index % 5),
          summary: `Edit ${index}`,
        });
      case 4:
        return call(session, 'POST', `/incidents/${ref}/timeline`, {
          occurredAt: '2025-11-18T11:35:00Z',
          kind: 'note',
          body: `Note ${index}`,
        });
      default:
        return call(session, 'GET', `/incidents/${ref}`);
    }
  });
}
