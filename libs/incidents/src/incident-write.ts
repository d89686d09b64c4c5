import { DomainError } from '@rca/shared';
import { InstantInput, resolveInstant } from './instant';

/** A 400 listing each field's problem (the same body as the global validation pipe's). */
export function invalid(errors: { field: string; messages: string[] }[]): DomainError {
  return new DomainError(
    400,
    `Validation failed: ${errors.length} field${errors.length === 1 ? ' is' : 's are'} invalid`,
    undefined,
    errors,
  );
}

export const optionalInstant = (
  value: InstantInput | null | undefined,
  field: string,
): Date | null | undefined =>
  value === undefined ? undefined : value === null ? null : resolveInstant(value, field).instant;
