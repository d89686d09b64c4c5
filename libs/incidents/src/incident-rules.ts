import { FieldError } from '@rca/shared';
import { IncidentEntity, IncidentStatus } from './incident.entity';

export const OPEN_STATUSES: IncidentStatus[] = ['investigating', 'identified', 'monitoring'];

/** Allowed moves. Open statuses move freely among themselves; resolved/closed → open is a reopen. */
export const TRANSITIONS: Record<IncidentStatus, IncidentStatus[]> = {
  investigating: ['identified', 'monitoring', 'resolved'],
  identified: ['investigating', 'monitoring', 'resolved'],
  monitoring: ['investigating', 'identified', 'resolved'],
  resolved: ['closed', ...OPEN_STATUSES],
  closed: OPEN_STATUSES,
};

export function isReopen(from: IncidentStatus, to: IncidentStatus): boolean {
  return (from === 'resolved' || from === 'closed') && OPEN_STATUSES.includes(to);
}

type Instants = Pick<
  IncidentEntity,
  | 'status'
  | 'startedAt'
  | 'detectedAt'
  | 'acknowledgedAt'
  | 'mitigatedAt'
  | 'resolvedAt'
  | 'closedAt'
>;

/** Every rule the instants of an incident obey; returns one error per broken rule. */
export function checkInstants(state: Instants): FieldError[] {
  const errors: FieldError[] = [];
  const notBefore = (field: keyof Instants, earlierField: keyof Instants, message: string) => {
    const value = state[field] as Date | null;
    const earlier = state[earlierField] as Date | null;
    if (value && earlier && value.getTime() < earlier.getTime()) {
      errors.push({
        field,
        messages: [`${field} (${value.toISOString()}) ${message} (${earlier.toISOString()})`],
      });
    }
  };
  notBefore('detectedAt', 'startedAt', 'must not be before startedAt');
  notBefore('acknowledgedAt', 'detectedAt', 'must not be before detectedAt');
  notBefore('acknowledgedAt', 'startedAt', 'must not be before startedAt');
  notBefore('mitigatedAt', 'startedAt', 'must not be before startedAt');
  notBefore('resolvedAt', 'startedAt', 'must not be before startedAt');
  notBefore('resolvedAt', 'mitigatedAt', 'must not be before mitigatedAt');
  notBefore('resolvedAt', 'detectedAt', 'must not be before detectedAt');
  notBefore('closedAt', 'resolvedAt', 'must not be before resolvedAt');
  const resolved = state.status === 'resolved' || state.status === 'closed';
  if (resolved && !state.resolvedAt)
    errors.push({
      field: 'resolvedAt',
      messages: [`resolvedAt is required when the status is ${state.status}`],
    });
  if (!resolved && state.resolvedAt)
    errors.push({
      field: 'resolvedAt',
      messages: [
        `resolvedAt can only be set on a resolved incident; transition it to resolved instead`,
      ],
    });
  return errors;
}

// One definition shared with the web app and the RCA draft (libs/api-contract).
export { incidentMetrics } from '@rca/api-contract';
