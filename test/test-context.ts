import { randomBytes } from 'node:crypto';
import type { DynamicModule, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AbstractLoader, ExpressLoader } from '@nestjs/serve-static';
import { RootModule } from '@rca/app';
import type * as dns from 'node:dns';
import {
  configureHttpApp,
  JsonReplyExpressAdapter,
  Environment,
  loadEnvironment,
  OutboundHttpClient,
  outboundAddressPolicy,
  type Role,
  type Scope,
} from '@rca/shared';
import { StatusFetcher, statusFetchOptions } from '@rca/status-sources';
import Redis from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  ADMIN_DATABASE_URL,
  databaseUrl,
  TEMPLATE_DATABASE,
  TEST_REDIS_URL,
} from './test-environment';
import { Factories } from './factories';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template; isolated per test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `${TEMPLATE_DATABASE}_f_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: databaseUrl(name),
    async drop() {
      const client = new Client({ connectionString: ADMIN_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A Redis key prefix no other test file uses; `clear()` deletes its keys. */
export function createRedisPrefix(): { prefix: string; clear(): Promise<void> } {
  const prefix = `rca-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  return {
    prefix,
    async clear() {
      const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });
      await redis.connect();
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length) await redis.del(...keys);
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}

export interface TestApp {
  app: NestExpressApplication;
  environment: Environment;
  dataSource: DataSource;
  factories: Factories;
  /** Base URL of the listening server (loopback, random port). */
  url: string;
  /**
   * `Authorization` header value of an API token for the user with this e-mail (created on first
   * use, role and scopes as given), so tests call the guarded API the way automations do.
   */
  bearer(email?: string, role?: Role, scopes?: Scope[]): Promise<string>;
  /**
   * A `fetch` that calls as this user's API token (see `bearer`; by default an admin). A path
   * (`/api/...`) is resolved against `url`; headers given by the caller are kept.
   */
  fetchAs(email?: string, role?: Role, scopes?: Scope[]): TestFetch;
  /**
   * Calls `/api<path>` with a JSON body as a person: `author` / `reviewer` in the body names who
   * acts (the admin `<name>@example.com`, else `admin@example.com`) and is left out of what is
   * sent, since the server records the caller, never a body field.
   */
  api(method: string, path: string, body?: unknown): Promise<TestResponse>;
  close(): Promise<void>;
}

export type TestFetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or the text when it is not JSON, or undefined when empty. */
  body: any;
}

/**
 * The whole product (API and, when asked, workers) on its own database and Redis prefix,
 * listening on a random loopback port.
 */
export async function createTestApp(
  options: {
    workers?: boolean;
    env?: Record<string, string>;
    /** Extra modules mounted next to the product (e.g. a controller a test needs). */
    imports?: Array<Type<unknown> | DynamicModule>;
    /** Listen on this port instead of a random one (when the URL must be known in advance). */
    port?: number;
    /** Rewrites the URL the product connects with (e.g. through a proxy a fault test can cut). */
    databaseUrl?: (url: string) => string;
    /** DNS resolver of the product's outbound HTTP client (pushes, deliveries, status fetches). */
    outboundLookup?: typeof dns.lookup;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const redis = createRedisPrefix();
  const environment = loadEnvironment({
    NODE_ENV: 'test',
    DATABASE_URL: options.databaseUrl ? options.databaseUrl(database.url) : database.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: redis.prefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // TEST_DATABASE_POOL_SIZE=1 finds a query made outside the transaction it runs in (it hangs).
    DATABASE_POOL_SIZE: process.env.TEST_DATABASE_POOL_SIZE ?? '4',
    SERVE_WEB: 'false',
    ...options.env,
  });
  const builder = Test.createTestingModule({
    imports: [
      RootModule.forRoot({ environment, api: true, workers: options.workers ?? false }),
      ...(options.imports ?? []),
    ],
  })
    // ServeStaticModule picks its loader from the HTTP adapter, which a testing module does not
    // have yet when it compiles (it would silently serve nothing); the product runs on Express.
    .overrideProvider(AbstractLoader)
    .useValue(new ExpressLoader());
  if (options.outboundLookup) {
    const lookup = options.outboundLookup;
    builder
      .overrideProvider(OutboundHttpClient)
      .useValue(new OutboundHttpClient({ ...outboundAddressPolicy(environment), lookup }))
      .overrideProvider(StatusFetcher)
      .useValue(new OutboundHttpClient({ ...statusFetchOptions(environment), lookup }));
  }
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>(
    new JsonReplyExpressAdapter(),
    { bufferLogs: true },
  );
  configureHttpApp(app, environment, { openApi: true });
  await app.listen(options.port ?? 0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const dataSource = app.get(DataSource);
  const factories = new Factories(dataSource);
  const url = `http://127.0.0.1:${address.port}`;
  const bearers = new Map<string, Promise<string>>();
  const bearer = (
    email = 'responder@example.com',
    role: Role = 'responder',
    scopes: Scope[] = ['read:incidents', 'write:incidents'],
  ) => {
    const key = `${email}|${role}|${scopes.join(',')}`;
    let value = bearers.get(key);
    if (!value) {
      value = factories
        .newUser({ email, role })
        .then((user) => factories.newToken(user, scopes))
        .then(({ secret }) => `Bearer ${secret}`);
      bearers.set(key, value);
    }
    return value;
  };
  const fetchAs =
    (email = 'admin@example.com', role: Role = 'admin', scopes?: Scope[]): TestFetch =>
    async (input, init = {}) =>
      fetch(input.startsWith('/') ? `${url}${input}` : input, {
        ...init,
        headers: {
          authorization: await bearer(
            email,
            role,
            scopes ?? (role === 'admin' ? ['admin'] : undefined),
          ),
          ...(init.headers as Record<string, string> | undefined),
        },
      });
  return {
    app,
    environment,
    dataSource,
    factories,
    url,
    bearer,
    fetchAs,
    async api(method, path, body) {
      const { author, reviewer, ...rest } = (body ?? {}) as Record<string, unknown>;
      const who = (author ?? reviewer ?? 'admin') as string;
      const response = await fetchAs(`${who}@example.com`)(`/api${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(rest),
      });
      const text = await response.text();
      let parsed: unknown = text || undefined;
      try {
        if (text) parsed = JSON.parse(text);
      } catch {
        // not JSON (e.g. an export document): the text
      }
      return { status: response.status, headers: response.headers, text, body: parsed };
    },
    async close() {
      await app.close();
      await redis.clear();
      await database.drop();
    },
  };
}
