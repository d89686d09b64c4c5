import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { ERROR_CODE_MEANINGS, ErrorCode } from '@rca/api-contract';

export { ERROR_CODE_MEANINGS };
export type { ErrorCode };

/** The code of an error that did not choose one, from its HTTP status. */
export function codeForStatus(status: number, errors?: readonly unknown[]): ErrorCode {
  if (status === 400) return errors?.length ? 'VALIDATION_FAILED' : 'BAD_REQUEST';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 422) return 'UNPROCESSABLE';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 503) return 'DEPENDENCY_UNAVAILABLE';
  if (status >= 500) return 'INTERNAL';
  return 'BAD_REQUEST';
}

export class FieldError {
  @ApiProperty({ example: 'severity' }) field!: string;
  @ApiProperty({ example: ['severity must be one of: SEV1, SEV2, SEV3, SEV4, SEV5'] })
  messages!: string[];
}

/** The body of every error response. */
export class ApiErrorBody {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({
    example: 'STALE_VERSION',
    description:
      'Machine-readable code; branch on it, never on the message. One of: ' +
      Object.keys(ERROR_CODE_MEANINGS).join(', '),
  })
  code!: ErrorCode;
  @ApiProperty({ example: 'Validation failed: 1 field is invalid' }) message!: string;
  @ApiPropertyOptional({ type: [FieldError] }) errors?: FieldError[];
  @ApiPropertyOptional({ description: 'Extra data, e.g. the current version on a 409' })
  details?: Record<string, unknown>;
  @ApiProperty({
    example: '0b6f0c9e-3c1f-4a4e-9f25-0b7f6c1a8b11',
    description: 'Request id; quote it when reporting a problem',
  })
  correlationId!: string;
}

/** Base class for domain errors; the global filter maps them to their HTTP status. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  constructor(
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly errors?: FieldError[],
    code?: ErrorCode,
  ) {
    super(message);
    this.name = new.target.name;
    this.code = code ?? codeForStatus(status, errors);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string | number) {
    super(
      404,
      `${what} ${JSON.stringify(String(id))} was not found`,
      undefined,
      undefined,
      'NOT_FOUND',
    );
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>, code: ErrorCode = 'CONFLICT') {
    super(409, message, details, undefined, code);
  }
}

/** A write that carried a stale version. `current` is what the client should reload. */
export class StaleVersionError extends ConflictError {
  constructor(what: string, expected: number, current: number | null, currentState?: unknown) {
    super(
      `${what} was changed by someone else (you sent version ${expected}, current is ${current})`,
      {
        expectedVersion: expected,
        currentVersion: current,
        current: currentState,
      },
      'STALE_VERSION',
    );
  }
}

export class InvalidInputError extends DomainError {
  constructor(field: string, message: string) {
    super(
      400,
      `${field}: ${message}`,
      undefined,
      [{ field, messages: [message] }],
      'VALIDATION_FAILED',
    );
  }
}
