import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { ConfigModule, DatabaseModule, Environment } from '@rca/shared';
import { AccountsCoreModule } from './accounts.module';
import { UsersService } from './users.service';

/** Link the web UI opens to let someone set their password (invitation or first-run setup). */
export function invitationLink(
  baseUrl: string,
  token: string,
  purpose: 'invite' | 'setup',
): string {
  return `${baseUrl.replace(/\/+$/, '')}/${purpose === 'setup' ? 'setup' : 'invitation'}#token=${token}`;
}

export function baseUrlOf(environment: Environment, port?: number): string {
  if (environment.PUBLIC_URL) return environment.PUBLIC_URL;
  const host = ['0.0.0.0', '::'].includes(environment.HOST) ? '127.0.0.1' : environment.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port ?? environment.PORT}`;
}

/**
 * `npm run cli -- user:create-admin --email … --name … [--password-stdin]`: with a password on
 * stdin, creates the admin directly; otherwise creates the account's one-time invitation link.
 */
export async function createAdminCommand(
  environment: Environment,
  input: { email: string; displayName: string; password?: string },
): Promise<string> {
  @Module({ imports: [ConfigModule.forRoot(environment), DatabaseModule, AccountsCoreModule] })
  class CliModule {}
  const context = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    const users = context.get(UsersService);
    if (input.password) {
      const { user } = await users.create(
        {
          email: input.email,
          displayName: input.displayName,
          role: 'admin',
          password: input.password,
          kind: 'human',
          teamIds: [],
        },
        null,
        null,
        'cli',
      );
      return `Created admin ${user.email} (${user.id}). Sign in at ${baseUrlOf(environment)}\n`;
    }
    const { token, invitation } = await users.invite(
      { email: input.email, role: 'admin', teamIds: [] },
      null,
      null,
      'cli',
    );
    return (
      `Admin invitation for ${invitation.email}, valid until ${invitation.expiresAt.toISOString()}:\n` +
      `  ${invitationLink(baseUrlOf(environment), token, 'invite')}\n` +
      `(or POST /api/auth/invitations/accept {"token":"${token}","displayName":"…","password":"…"})\n`
    );
  } finally {
    await context.close();
  }
}
