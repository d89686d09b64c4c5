import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { raw } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { Environment } from '../config/environment';
import { parseTrustProxy } from '../config/trust-proxy';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { DomainError } from './api-error';
import { rejectHostileInput } from './hostile-input';
import { securityHeaders } from './security-headers';
import { createValidationPipe } from './validation';

/** Operational endpoints live outside the /api prefix, where load balancers expect them. */
export const UNPREFIXED_ROUTES = [
  { path: 'healthz', method: RequestMethod.GET },
  { path: 'readyz', method: RequestMethod.GET },
  { path: 'metrics', method: RequestMethod.GET },
];

/** Routes Slack calls, verified by their signature over the raw body (libs/slack). */
export const SLACK_SIGNED_ROUTES = ['/api/slack/commands', '/api/slack/interactions'];
/** Webhooks of the trackers (GitHub, Jira, Linear), verified by their HMAC over the raw body (libs/trackers). */
export const TRACKER_WEBHOOK_ROUTES = '/api/tracker-webhooks';
/** The upload of a Slack export archive (zip), read raw with its own size cap. */
export const SLACK_ARCHIVE_ROUTE = '/api/slack/export-imports';

/** Conventions shared by every HTTP process (API, worker health port, embedded). */
export function configureHttpApp(
  app: NestExpressApplication,
  environment: Environment,
  options: { openApi: boolean },
): void {
  app.useLogger(app.get(Logger));
  // request.ip (rate limits, audit log, sessions) is the forwarded client only behind these proxies.
  app.set('trust proxy', parseTrustProxy(environment.TRUST_PROXY));
  app.use(securityHeaders());
  // Slack signs the body as sent: its routes get it raw (a Buffer), before any parser, and parse
  // it themselves once the signature is verified. So do the trackers' webhooks. No other route sees a raw body.
  app.use(SLACK_SIGNED_ROUTES, raw({ type: () => true, limit: environment.BODY_LIMIT }));
  app.use(TRACKER_WEBHOOK_ROUTES, raw({ type: () => true, limit: environment.BODY_LIMIT }));
  app.use(
    SLACK_ARCHIVE_ROUTE,
    raw({ type: () => true, limit: environment.SLACK_EXPORT_MAX_BYTES }),
  );
  app.useBodyParser('json', { limit: environment.BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: environment.BODY_LIMIT, extended: false });
  // Body-parser errors reach Nest as bare SyntaxErrors; say plainly what was wrong with the body.
  app.use(
    (
      error: { type?: string; message?: string } | undefined,
      _request: unknown,
      _response: unknown,
      next: (error?: unknown) => void,
    ) => {
      if (error?.type === 'entity.parse.failed')
        return next(
          new DomainError(
            400,
            `Request body is not valid JSON (${error.message})`,
            undefined,
            undefined,
            'INVALID_JSON',
          ),
        );
      next(error);
    },
  );
  // NUL bytes and absurdly deep JSON are refused before any pipe or query sees them.
  app.use(rejectHostileInput());
  app.disable('x-powered-by');
  app.setGlobalPrefix('api', { exclude: UNPREFIXED_ROUTES });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  if (options.openApi) setupOpenApi(app);
}

export function buildOpenApiDocument(app: INestApplication) {
  const config = new DocumentBuilder()
    .setTitle('RCA desk API')
    .setDescription(
      'Incident records, vendor status ingestion, postmortems, deadlines and exports. ' +
        'Errors share one shape (ApiErrorBody): 400 lists every bad field, 404, 409 carries the current version, 500 carries a correlation id.',
    )
    .setVersion('1')
    .addCookieAuth('rca_session', { type: 'apiKey', in: 'cookie' }, 'session')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API token (rca_…)' }, 'token')
    .build();
  return SwaggerModule.createDocument(app, config);
}

function setupOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    customSiteTitle: 'RCA desk API',
    swaggerOptions: {
      persistAuthorization: true,
      // Serialised into swagger-ui-init.js and run in the browser: "Try it out" with the session
      // cookie sends the session's CSRF token, as the web app does, so writes are not refused.
      requestInterceptor: addCsrfHeader,
    },
  });
}

/** Runs in Swagger UI (self-contained: it is shipped as its source text). */
function addCsrfHeader(request: { method?: string; headers: Record<string, string> }) {
  const cookies: string = (globalThis as { document?: { cookie: string } }).document?.cookie ?? '';
  const match = /(?:^|; )rca_csrf=([^;]*)/.exec(cookies);
  const method = (request.method ?? 'GET').toUpperCase();
  if (match && method !== 'GET' && method !== 'HEAD' && !request.headers['X-CSRF-Token'])
    request.headers['X-CSRF-Token'] = decodeURIComponent(match[1]!);
  return request;
}
