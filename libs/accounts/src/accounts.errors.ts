import { DomainError } from '@rca/shared';

/** 401 with one message for every reason, so callers learn nothing about which accounts exist. */
export class NotAuthenticatedError extends DomainError {
  constructor(message = 'Authentication required: sign in or send a valid API token') {
    super(401, message);
  }
}

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super(401, 'Invalid email or password', undefined, undefined, 'INVALID_CREDENTIALS');
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this') {
    super(403, message);
  }
}
