import { PeopleController } from './people.controller';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { Environment, QueueService } from '@rca/shared';
import { AccessGuard } from './access.guard';
import { ApiTokenService } from './api-token.service';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { CredentialPurgeProcessor } from './credential-purge.processor';
import { CredentialRepository } from './credential.repository';
import { OidcService } from './oidc.service';
import { PasswordService } from './password.service';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { SessionService } from './session.service';
import { TokensController } from './tokens.controller';
import { PrincipalCache } from './principal-cache';
import { UserRepository } from './user.repository';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';
import { VisibilityService } from './visibility.service';

const CORE = [
  UserRepository,
  CredentialRepository,
  AuditRepository,
  AuditService,
  PasswordService,
  UsersService,
  VisibilityService,
  PrincipalCache,
];

/** Users, teams, invitations and the audit log, without HTTP (used by the CLI). */
@Global()
@Module({ providers: CORE, exports: CORE })
export class AccountsCoreModule {}

/**
 * Everything: the global AccessGuard, sessions, tokens, SSO, rate limits and the HTTP API; in
 * workers also the hourly purge of expired sessions and spent links.
 */
@Module({})
export class AccountsModule {
  static forRoot(options: { workers: boolean }): DynamicModule {
    return {
      module: AccountsModule,
      imports: [
        AccountsCoreModule,
        ThrottlerModule.forRootAsync({
          inject: [Environment, QueueService],
          useFactory: (environment: Environment, queues: QueueService) => ({
            throttlers: [
              {
                name: 'auth',
                ttl: environment.AUTH_RATE_WINDOW_SECONDS * 1000,
                limit: environment.AUTH_RATE_LIMIT,
              },
            ],
            storage: new RedisThrottlerStorage(queues, environment),
            errorMessage: 'Too many attempts; wait a moment and try again',
          }),
        }),
      ],
      controllers: [
        AuthController,
        UsersController,
        PeopleController,
        TokensController,
        AuditController,
      ],
      providers: [
        SessionService,
        ApiTokenService,
        AuthService,
        OidcService,
        { provide: APP_GUARD, useClass: AccessGuard },
        ...(options.workers ? [CredentialPurgeProcessor] : []),
      ],
      exports: [SessionService, ApiTokenService],
    };
  }
}
