import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldError {
  @ApiProperty({ example: 'severity' }) field!: string;
  @ApiProperty({ example: ['severity must be one of: SEV1, SEV2, SEV3, SEV4, SEV5'] })
  messages!: string[];
}

/** The body of every error response. */
export class ApiErrorBody {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiPropertyOptional({
    example: 'DEPENDENCY_UNAVAILABLE',
    description: 'Machine-readable code; branch on it, never on the message',
  })
  code?: string;
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
  constructor(
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string | number) {
    super(404, `${what} ${JSON.stringify(String(id))} was not found`);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(409, message, details);
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
    );
  }
}

export class InvalidInputError extends DomainError {
  constructor(field: string, message: string) {
    super(400, `${field}: ${message}`, undefined, [{ field, messages: [message] }]);
  }
}
