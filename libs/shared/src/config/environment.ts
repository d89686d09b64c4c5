import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  registerDecorator,
  validateSync,
  ValidationArguments,
  ValidationError,
} from 'class-validator';

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

  @Transform(toInteger)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  HEARTBEAT_INTERVAL_MS = 30_000;

  @IsString()
  BODY_LIMIT = '1mb';

  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(600_000)
  SHUTDOWN_TIMEOUT_MS = 15_000;

  @Transform(toBoolean)
  @IsBoolean()
  SERVE_WEB = true;

  /** Load the demo workspace at start-up when the database has no services and no incidents. */
  @Transform(toBoolean)
  @IsBoolean()
  DEMO_SEED = false;

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
}

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
  for (const key of ['DATABASE_URL', 'REDIS_URL', 'SMTP_URL']) {
    const value = source[key];
    if (value !== undefined && value !== '') plain[key] = value;
  }
  const environment = plainToInstance(Environment, plain, { exposeDefaultValues: true });
  const problems = flatten(validateSync(environment, { whitelist: false }));
  if (problems.length > 0) throw new ConfigurationError(problems);
  return environment;
}
