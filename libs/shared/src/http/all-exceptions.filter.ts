import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { EntityNotFoundError, QueryFailedError } from 'typeorm';
import { ApiErrorBody, codeForStatus, DomainError } from './api-error';
import {
  DEPENDENCY_UNAVAILABLE,
  RETRY_AFTER_SECONDS,
  unavailableDependency,
  unavailableMessage,
} from './dependency-unavailable';
import { ValidationFailedException } from './validation';

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message: string;
}

/**
 * The one exception filter. Clients always get ApiErrorBody; a 500 says nothing internal and
 * carries the request id so operators can find the logged stack.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request & { id?: string }>();
    const response = context.getResponse<Response>();
    const correlationId = String(request.id ?? response.getHeader('X-Request-Id') ?? 'unknown');
    if (this.respondUnavailable(exception, correlationId, request, response)) return;
    const body = this.toBody(exception, correlationId);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, correlationId, path: request.url }, 'Unhandled error');
    }
    if (response.headersSent) return;
    // A domain error that knows when to come back (an upstream's rate limit) says so in the header too.
    const retryAfter = body.details?.retryAfterSeconds;
    if ((body.statusCode === 429 || body.statusCode === 503) && typeof retryAfter === 'number')
      response.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfter))));
    response.status(body.statusCode).json(body);
  }

  /**
   * Database or Redis unreachable: 503 with Retry-After and the dependency's name, never a 500;
   * clients and load balancers retry instead of reporting a bug. Returns whether it answered.
   */
  private respondUnavailable(
    exception: unknown,
    correlationId: string,
    request: Request,
    response: Response,
  ): boolean {
    const dependency = unavailableDependency(exception);
    if (!dependency) return false;
    this.logger.warn(
      { dependency, correlationId, path: request.url, err: (exception as Error)?.message },
      `${dependency} unavailable`,
    );
    if (response.headersSent) return true;
    const body: ApiErrorBody = {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      error: STATUS_CODES[HttpStatus.SERVICE_UNAVAILABLE] ?? 'Service Unavailable',
      code: DEPENDENCY_UNAVAILABLE,
      message: unavailableMessage(dependency),
      details: { dependency, retryAfterSeconds: RETRY_AFTER_SECONDS[dependency] },
      correlationId,
    };
    response
      .status(HttpStatus.SERVICE_UNAVAILABLE)
      .setHeader('Retry-After', String(RETRY_AFTER_SECONDS[dependency]))
      .json(body);
    return true;
  }

  private toBody(exception: unknown, correlationId: string): ApiErrorBody {
    const make = (
      statusCode: number,
      message: string,
      extra: Partial<ApiErrorBody> = {},
    ): ApiErrorBody => ({
      statusCode,
      error: STATUS_CODES[statusCode] ?? 'Error',
      code: extra.code ?? codeForStatus(statusCode, extra.errors),
      message,
      ...extra,
      correlationId,
    });

    if (exception instanceof ValidationFailedException) {
      return make(400, exception.message, {
        code: 'VALIDATION_FAILED',
        errors: exception.fieldErrors,
      });
    }
    if (exception instanceof DomainError) {
      return make(exception.status, exception.message, {
        code: exception.code,
        errors: exception.errors,
        details: exception.details,
      });
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      // Terminus' 503: keep which dependency is down (status/info/error/details) for load balancers and operators.
      if (
        typeof payload === 'object' &&
        payload &&
        'details' in payload &&
        (payload as { status?: unknown }).status === 'error'
      ) {
        return {
          ...(payload as object),
          ...make(status, 'A dependency is not ready; see details'),
        };
      }
      const message =
        typeof payload === 'string'
          ? payload
          : Array.isArray((payload as { message?: unknown }).message)
            ? (payload as { message: string[] }).message.join('; ')
            : String((payload as { message?: unknown }).message ?? exception.message);
      return make(status, status >= 500 ? 'Internal server error' : message);
    }
    if (exception instanceof EntityNotFoundError) {
      return make(404, 'The requested resource was not found');
    }
    if (exception instanceof QueryFailedError) {
      const code = (exception.driverError as { code?: string } | undefined)?.code;
      if (code === '23505')
        return make(409, 'A record with the same unique value already exists', {
          code: 'DUPLICATE',
        });
      if (code === '23503')
        return make(409, 'The record refers to, or is referred to by, another record', {
          code: 'REFERENCE_CONFLICT',
        });
      if (code === '40001' || code === '40P01')
        return make(409, 'A concurrent change conflicted with this one; retry', {
          code: 'CONCURRENT_CHANGE',
        });
    }
    // SQLSTATE class 22 (data exception): a value the client sent that Postgres cannot take.
    if (exception instanceof QueryFailedError) {
      const code = (exception.driverError as { code?: string } | undefined)?.code;
      if (code?.startsWith('22'))
        return make(400, dataExceptionMessage(code), { code: 'INVALID_VALUE' });
    }
    const parserError = exception as BodyParserError;
    if (parserError && typeof parserError === 'object' && parserError.type === 'entity.too.large') {
      return make(
        HttpStatus.PAYLOAD_TOO_LARGE,
        'Request body is larger than the limit (BODY_LIMIT)',
      );
    }
    if (
      parserError &&
      typeof parserError === 'object' &&
      parserError.type === 'entity.parse.failed'
    ) {
      return make(400, 'Request body is not valid JSON', { code: 'INVALID_JSON' });
    }
    if (
      parserError &&
      typeof parserError === 'object' &&
      parserError.expose &&
      parserError.status &&
      parserError.status < 500
    ) {
      return make(parserError.status, parserError.message);
    }
    return make(500, 'Internal server error');
  }
}

/** What a client can do about a data exception (SQLSTATE 22xxx); never the database's own text. */
function dataExceptionMessage(code: string): string {
  if (code === '22003') return 'A number in the request is out of range';
  if (code === '22001') return 'A text value in the request is longer than its field allows';
  if (code === '22021' || code === '22P05')
    return 'A text value in the request contains a character that cannot be stored (e.g. NUL)';
  if (code === '22007' || code === '22008') return 'A date or time in the request is not valid';
  return 'A value in the request is not valid for its field';
}
