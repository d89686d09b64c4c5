export {
  Access,
  Public,
  RequireRole,
  RequireScope,
  ROLES,
  SCOPES,
  type Role,
  type Scope,
} from '@rca/shared';
export * from './accounts.module';
export * from './accounts.errors';
export * from './audit.service';
export * from './principal';
export * from './principal-cache';
export * from './visibility.service';
export * from './users.service';
export * from './session.service';
export * from './api-token.service';
export * from './password-policy';
export * from './user.entity';
export * from './team.entity';
export * from './team-membership.entity';
export * from './session.entity';
export * from './api-token.entity';
export * from './invitation.entity';
export * from './audit-event.entity';
export * from './app-secret.entity';
export * from './accounts-cli';
export * from './first-run';
export * from './credential-purge.processor';
