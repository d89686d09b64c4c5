import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  validateSync,
  ValidationArguments,
  ValidationError,
} from 'class-validator';
import { parseTrustProxy } from './trust-proxy';

/** Validates that a value is a URL whose scheme is one of `protocols` (e.g. `postgres:`). */
function IsConnectionUrl(protocols: string[]) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isConnectionUrl',
      target: target.constructor,
      propertyName,
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string') return false;
          try {
            const url = new URL(value);
            return protocols.includes(url.protocol) && (url.protocol === 'unix:' || !!url.hostname);
          } catch {
            return false;
          }
        },
        defaultMessage(args: ValidationArguments) {
          return `${args.property} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')} and naming a host`;
        },
      },
    });
}

/** Validates TRUST_PROXY with the same parser the HTTP app uses, reporting its reason. */
function IsTrustProxy() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isTrustProxy',
      target: target.constructor,
      propertyName,
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string') return false;
          try {
            parseTrustProxy(value);
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage(args: ValidationArguments) {
          try {
            parseTrustProxy(String(args.value));
          } catch (error) {
            return (error as Error).message;
          }
          return `${args.property} is not valid`;
        },
      },
    });
}

const toBoolean = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
  if (['false', '0', 'no', 'off'].includes(normalised)) return false;
  return value;
};
const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Every environment variable the product reads. Documented in docs/configuration.md;
 * keep the two in step.
 */
export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  @IsOptional()
  @IsConnectionUrl(['postgres:', 'postgresql:'])
  DATABASE_URL?: string;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** Seconds an API replica remembers who a bearer token belongs to (0: ask Postgres every time). */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(60)
  AUTH_CACHE_SECONDS = 5;

  @IsOptional()
  @IsConnectionUrl(['redis:', 'rediss:', 'unix:'])
  REDIS_URL?: string;

  @IsString()
  DATA_DIR = './data';

  @IsIn(LOG_LEVELS as unknown as string[])
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @Transform(toBoolean)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  @IsString()
  QUEUE_PREFIX = 'rca';

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100)
  WORKER_CONCURRENCY = 4;

  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_PORT = 3001;

  /** Run the outbox relay in this process (moves committed follow-ups to BullMQ); safe in every replica. */
  @Transform(toBoolean)
  @IsBoolean()
  OUTBOX_RELAY = true;

  /** How often an idle relay looks for new outbox rows. */
  @Transform(toInteger)
  @IsInt()
  @Min(10)
  @Max(60_000)
  OUTBOX_RELAY_INTERVAL_MS = 200;

  /** Outbox rows a relay claims per transaction. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(10_000)
  OUTBOX_RELAY_BATCH = 200;

  /** How often workers read the trackers for changes to linked issues (docs/trackers.md). */
  @Transform(toInteger)
  @IsInt()
  @Min(10)
  @Max(24 * 3600)
  TRACKER_POLL_SECONDS = 120;

  /** Export runs and deliveries still pending this long without a live job are re-enqueued. */
  @Transform(toInteger)
  @IsInt()
  @Min(10)
  @Max(7 * 24 * 3600)
  RECONCILE_STUCK_AFTER_SECONDS = 900;

  @Transform(toInteger)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  HEARTBEAT_INTERVAL_MS = 30_000;

  @IsString()
  BODY_LIMIT = '1mb';

  /**
   * Reverse proxies whose X-Forwarded-For is believed (Express `trust proxy`, safe subset):
   * `false`, a hop count, or comma-separated addresses / CIDR ranges / loopback, linklocal,
   * uniquelocal. Decides the client address of rate limits, the audit log and sessions.
   */
  @IsTrustProxy()
  TRUST_PROXY = 'false';

  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(600_000)
  SHUTDOWN_TIMEOUT_MS = 15_000;

  /**
   * How far V8 lets the old generation grow past the live heap before its next full collection,
   * in percent (50: to 1.5×). 0 keeps V8's own factor, up to 4× (an API process then peaks near
   * 400 MB RSS under list load; with 50, near 250 MB). See docs/deployment.md, "Memory".
   */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(300)
  HEAP_GROWING_PERCENT = 50;

  /**
   * Embedded mode: how long a connection may sit idle inside a transaction while others wait for
   * the single PGlite backend before it is rolled back and closed (one failed request, not a
   * frozen database).
   */
  @Transform(toInteger)
  @IsInt()
  @Min(100)
  @Max(600_000)
  EMBEDDED_DB_IDLE_IN_TRANSACTION_MS = 5_000;

  @Transform(toBoolean)
  @IsBoolean()
  SERVE_WEB = true;

  /**
   * Lets every outbound request (status fetches, export pushes, notification deliveries) reach
   * 127.0.0.0/8 and ::1 (tests, local use). Never in production. Aliases (any one on turns it on):
   * STATUS_FETCH_ALLOW_LOOPBACK, EXPORT_ALLOW_LOOPBACK, NOTIFICATION_ALLOW_LOOPBACK.
   */
  @Transform(toBoolean)
  @IsBoolean()
  OUTBOUND_ALLOW_LOOPBACK = false;

  /**
   * Host names (comma-separated; ".corp.example" for every name under it) that outbound requests
   * may reach on private addresses (10/8, 172.16/12, 192.168/16, fc00::/7): an internal tracker, a
   * self-hosted model server. Loopback, link-local and metadata addresses stay refused.
   */
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  OUTBOUND_PRIVATE_HOSTS?: string;

  /** Alias of OUTBOUND_ALLOW_LOOPBACK (its older, status-only name). */
  @Transform(toBoolean)
  @IsBoolean()
  STATUS_FETCH_ALLOW_LOOPBACK = false;

  @Transform(toInteger)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  STATUS_FETCH_MAX_BYTES = 5 * 1024 * 1024;

  @Transform(toInteger)
  @IsInt()
  @Min(100)
  @Max(120_000)
  STATUS_FETCH_TIMEOUT_MS = 10_000;

  /** Consecutive failed polls after which a source is reported degraded. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(1000)
  STATUS_DEGRADED_AFTER_FAILURES = 3;

  /**
   * Status polls a worker process runs at once. Polls mostly wait on the network and share their
   * database writes, so this is far above WORKER_CONCURRENCY (which the other queues use).
   */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(1000)
  STATUS_POLL_CONCURRENCY = 128;

  /**
   * Incident-side cause suggestions a worker process runs at once, on their own queue: database
   * work, so a storm of them (a wide outage, a bulk impact import) waits here instead of taking
   * the status polls' slots.
   */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100)
  STATUS_SUGGEST_CONCURRENCY = 4;

  /** How long after its resolution an incident of ours still gets cause suggestions. */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(24 * 30)
  STATUS_SUGGEST_RECENT_HOURS = 72;

  /**
   * When a vendor reports a major outage of something a tier-1 service depends on and no open
   * incident of ours covers it, open a draft incident and notify `auto_draft` channels.
   */
  @Transform(toBoolean)
  @IsBoolean()
  STATUS_AUTO_DRAFT_INCIDENTS = false;

  /** Load the demo workspace at start-up when the database has no services and no incidents. */
  @Transform(toBoolean)
  @IsBoolean()
  DEMO_SEED = false;

  // ---- Vendor ledger and SLA credits (docs/vendor-ledger.md) ----

  /**
   * Days before an SLA credit's claim window closes at which the contract owner is reminded
   * (comma-separated, e.g. "14,3"); one reminder per contract, month and threshold.
   */
  @Matches(/^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$/, {
    message: 'SLA_CLAIM_REMINDER_DAYS must be a comma-separated list of whole days, e.g. "14,3"',
  })
  SLA_CLAIM_REMINDER_DAYS = '14,3';
  // ---- Accounts and access (docs/accounts.md) ----

  /** Base URL users reach the product at; used in invitation / setup links. Unset: taken from the request. */
  @IsOptional()
  @IsConnectionUrl(['http:', 'https:'])
  PUBLIC_URL?: string;

  /** Signs session and OIDC cookies. Unset: generated once and kept in the database. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'SESSION_SECRET must be at least 32 characters' })
  SESSION_SECRET?: string;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(30 * 24 * 3600)
  SESSION_IDLE_TIMEOUT_SECONDS = 2 * 3600;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(90 * 24 * 3600)
  SESSION_ABSOLUTE_TIMEOUT_SECONDS = 12 * 3600;

  /** `auto`: Secure cookies when the request came over TLS (directly or X-Forwarded-Proto: https). */
  @IsIn(['auto', 'always', 'never'])
  COOKIE_SECURE: 'auto' | 'always' | 'never' = 'auto';

  @Transform(toInteger)
  @IsInt()
  @Min(8)
  @Max(128)
  PASSWORD_MIN_LENGTH = 12;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_LOCKOUT_THRESHOLD = 5;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(86_400)
  LOGIN_LOCKOUT_BASE_SECONDS = 30;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(7 * 86_400)
  LOGIN_LOCKOUT_MAX_SECONDS = 3600;

  /** Requests per client address per AUTH_RATE_WINDOW_SECONDS to login, invitation and token endpoints. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100_000)
  AUTH_RATE_LIMIT = 20;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(86_400)
  AUTH_RATE_WINDOW_SECONDS = 60;

  /** `/metrics` without credentials (private networks). `false`: a `read:metrics` token or an admin session. */
  @Transform(toBoolean)
  @IsBoolean()
  METRICS_PUBLIC = true;

  @IsOptional()
  @IsConnectionUrl(['http:', 'https:'])
  OIDC_ISSUER?: string;

  @IsOptional()
  @IsString()
  OIDC_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  OIDC_CLIENT_SECRET?: string;

  /** Must be registered at the provider; default `<PUBLIC_URL>/api/auth/oidc/callback`. */
  @IsOptional()
  @IsConnectionUrl(['http:', 'https:'])
  OIDC_REDIRECT_URI?: string;

  @IsString()
  OIDC_SCOPES = 'openid email profile';

  /** Claim (string or array of strings) mapped to a role through OIDC_ROLE_MAP. */
  @IsString()
  OIDC_ROLES_CLAIM = 'groups';

  /** `claimValue:role` pairs, comma-separated, e.g. `rca-admins:admin,sre:responder`. Highest match wins. */
  @IsString()
  @Matches(
    /^$|^\s*[^:,]+:(viewer|responder|manager|admin)\s*(,\s*[^:,]+:(viewer|responder|manager|admin)\s*)*$/,
    {
      message:
        'OIDC_ROLE_MAP must be comma-separated claimValue:role pairs (roles: viewer, responder, manager, admin)',
    },
  )
  OIDC_ROLE_MAP = '';

  /** Role of a user whose claim matches nothing in OIDC_ROLE_MAP; `none` refuses the login. */
  @IsIn(['none', 'viewer', 'responder', 'manager', 'admin'])
  OIDC_DEFAULT_ROLE: 'none' | 'viewer' | 'responder' | 'manager' | 'admin' = 'viewer';

  /** Claim whose values are the user's team names (teams are created on first sight). Empty: teams are managed in the product. */
  @IsString()
  OIDC_TEAMS_CLAIM = '';

  /** SMTP server of e-mail notification channels; unset: e-mail deliveries fail visibly. */
  @IsOptional()
  @IsConnectionUrl(['smtp:', 'smtps:'])
  SMTP_URL?: string;

  @IsString()
  SMTP_FROM = 'RCA desk <rca-desk@localhost>';

  /** Per-attempt timeout of webhook, Slack and SMTP deliveries. */
  @Transform(toInteger)
  @IsInt()
  @Min(500)
  @Max(120_000)
  NOTIFICATION_TIMEOUT_MS = 10_000;

  /** Alias of OUTBOUND_ALLOW_LOOPBACK (its older, notifications-only name). */
  @Transform(toBoolean)
  @IsBoolean()
  NOTIFICATION_ALLOW_LOOPBACK = false;

  /**
   * 32-byte key (64 hex characters or base64) encrypting export target credentials (AES-256-GCM).
   * Unset: a key is generated in DATA_DIR/export-credentials.key on first use.
   */
  @IsOptional()
  @IsString()
  EXPORT_CREDENTIALS_KEY?: string;

  /** JSON array of extra regular expressions redacted from every public export. */
  @IsOptional()
  @IsString()
  EXPORT_REDACT_PATTERNS?: string;

  /** Per-attempt timeout of export pushes (HTTP requests, git commands). */
  @Transform(toInteger)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  EXPORT_TIMEOUT_MS = 30_000;

  /**
   * How long export pushes and notification deliveries keep retrying a transient failure (the
   * receiver, the database or Redis down): the retries' backoff delays add up to at least this.
   */
  @Transform(toInteger)
  @IsInt()
  @Min(1_000)
  @Max(7 * 24 * 3600 * 1000)
  DELIVERY_RETRY_WINDOW_MS = 30 * 60 * 1000;

  /** First retry delay of pushes and deliveries; each next one doubles, up to the maximum below. */
  @Transform(toInteger)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DELIVERY_RETRY_INITIAL_DELAY_MS = 2_000;

  /** Longest single wait between two attempts of a push or delivery. */
  @Transform(toInteger)
  @IsInt()
  @Min(100)
  @Max(24 * 3600 * 1000)
  DELIVERY_RETRY_MAX_DELAY_MS = 5 * 60 * 1000;

  /** Alias of OUTBOUND_ALLOW_LOOPBACK (its older, exports-only name). */
  @Transform(toBoolean)
  @IsBoolean()
  EXPORT_ALLOW_LOOPBACK = false;

  /** Base URL of Slack's Web API (docs/slack.md); tests point it at a loopback server. */
  @IsConnectionUrl(['http:', 'https:'])
  SLACK_API_URL = 'https://slack.com/api';

  /** Largest Slack export archive accepted for upload (bytes, compressed). */
  @Transform(toInteger)
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  SLACK_EXPORT_MAX_BYTES = 50 * 1024 * 1024;

  /** Largest total uncompressed size of a Slack export archive's entries (zip bombs stop here). */
  @Transform(toInteger)
  @IsInt()
  @Min(1024)
  @Max(4 * 1024 * 1024 * 1024)
  SLACK_EXPORT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;

  /** Most entries (files and folders) a Slack export archive may hold. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  SLACK_EXPORT_MAX_ENTRIES = 20_000;
}

const OPTIONAL_KEYS = [
  'DATABASE_URL',
  'REDIS_URL',
  'SMTP_URL',
  'EXPORT_CREDENTIALS_KEY',
  'EXPORT_REDACT_PATTERNS',
  'PUBLIC_URL',
  'SESSION_SECRET',
  'OIDC_ISSUER',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_REDIRECT_URI',
];

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map(
      (message) => `${error.property}=${JSON.stringify(error.value)}: ${message}`,
    ),
  );
}

/** Reads and validates the environment once; throws ConfigurationError naming every bad variable. */
export function loadEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  const plain: Record<string, string> = {};
  for (const key of Object.keys(new Environment())) {
    const value = source[key];
    if (value !== undefined && value !== '') plain[key] = value;
  }
  // Optional keys have no default so Object.keys() misses them.
  for (const key of OPTIONAL_KEYS) {
    const value = source[key];
    if (value !== undefined && value !== '') plain[key] = value;
  }
  const environment = plainToInstance(Environment, plain, { exposeDefaultValues: true });
  const problems = flatten(validateSync(environment, { whitelist: false }));
  if (environment.OIDC_ISSUER && !environment.OIDC_CLIENT_ID)
    problems.push('OIDC_CLIENT_ID is required when OIDC_ISSUER is set');
  if (environment.OIDC_ISSUER && !environment.OIDC_REDIRECT_URI && !environment.PUBLIC_URL)
    problems.push('OIDC_REDIRECT_URI (or PUBLIC_URL) is required when OIDC_ISSUER is set');
  if (environment.DELIVERY_RETRY_MAX_DELAY_MS < environment.DELIVERY_RETRY_INITIAL_DELAY_MS)
    problems.push('DELIVERY_RETRY_MAX_DELAY_MS must be at least DELIVERY_RETRY_INITIAL_DELAY_MS');
  if (problems.length > 0) throw new ConfigurationError(problems);
  return environment;
}
