import type { Role, Scope } from '@rca/shared';
import type { TestApp } from '../test-context';

/** A person of the product with a token: `call(method, path, body)` as them, against /api. */
export interface TestPerson {
  email: string;
  id: string;
  name: string;
  call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any; headers: Headers }>;
}

/**
 * Makes people for a test file: each call gives a new user ("Rita 3", rita.3@example.com) with
 * `role` and `scopes`, created by their token's first use and then named.
 */
export function peopleOf(sut: () => TestApp, scopes: readonly Scope[]) {
  let counter = 0;
  return async (role: Role, name: string): Promise<TestPerson> => {
    counter += 1;
    const app = sut();
    const email = `${name.toLowerCase()}.${counter}@example.com`;
    await app.bearer(email, role, [...scopes]);
    await app.dataSource.query(`UPDATE user_account SET display_name = $1 WHERE email = $2`, [
      `${name} ${counter}`,
      email,
    ]);
    const [user] = await app.dataSource.query(`SELECT id FROM user_account WHERE email = $1`, [
      email,
    ]);
    const fetch = app.fetchAs(email, role, [...scopes]);
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`/api${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      const json = response.headers.get('content-type')?.includes('json');
      return {
        status: response.status,
        body: text && json ? JSON.parse(text) : text || undefined,
        headers: response.headers,
      };
    };
    return { email, id: user.id as string, name: `${name} ${counter}`, call };
  };
}
