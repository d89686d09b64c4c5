import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError } from './api-error';

export class ValidationFailedException extends BadRequestException {
  constructor(readonly fieldErrors: FieldError[]) {
    super(
      `Validation failed: ${fieldErrors.length} field${fieldErrors.length === 1 ? ' is' : 's are'} invalid`,
    );
  }
}

/** Flattens nested class-validator errors into `a.b[0].c` paths with every message. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent
      ? /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`
      : error.property;
    const own: FieldError[] = error.constraints
      ? [
          {
            field,
            messages: Object.values(error.constraints).map((message) =>
              message.replace(/^property (\S+) should not exist$/, 'unknown field; remove it'),
            ),
          },
        ]
      : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedException(flattenValidationErrors(errors)),
  });
}
