import { TEST_PASSWORD } from './factories';

/** A tiny browser: keeps cookies, sends the CSRF token on writes. */
export class HttpSession {
  readonly cookies = new Map<string, string>();
  csrfToken?: string;

  constructor(readonly baseUrl: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => /expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(
    method: string,
    path: string,
    options: { body?: unknown; csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size) headers.cookie = this.cookieHeader;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if ((options.csrf ?? true) && this.csrfToken && !['GET', 'HEAD'].includes(method))
      headers['x-csrf-token'] = this.csrfToken;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      redirect: 'manual',
    });
    this.store(response);
    return response;
  }

  async login(email: string, password = TEST_PASSWORD): Promise<Response> {
    const response = await this.request('POST', '/api/auth/login', { body: { email, password } });
    if (response.status === 200)
      this.csrfToken = ((await response.clone().json()) as { csrfToken: string }).csrfToken;
    return response;
  }
}

/** A signed-in session for `email`, or a thrown error. */
export async function signIn(
  baseUrl: string,
  email: string,
  password?: string,
): Promise<HttpSession> {
  const session = new HttpSession(baseUrl);
  const response = await session.login(email, password);
  if (response.status !== 200)
    throw new Error(`login of ${email} failed: ${response.status} ${await response.text()}`);
  return session;
}
