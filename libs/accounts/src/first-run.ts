import type { INestApplication } from '@nestjs/common';
import { Environment } from '@rca/shared';
import { baseUrlOf, invitationLink } from './accounts-cli';
import { UsersService } from './users.service';

/**
 * Embedded mode, first start: no user exists, so print a one-time link that creates the first
 * admin. There is no default password. Prints nothing once any user exists.
 */
export async function printFirstRunSetupLink(app: INestApplication, port: number): Promise<void> {
  const environment = app.get(Environment);
  const link = await app.get(UsersService).createSetupLink('embedded first start');
  if (!link) return;
  process.stdout.write(
    `\nNo user exists yet. Create the first admin within 24 hours with this one-time link:\n` +
      `  ${invitationLink(baseUrlOf(environment, port), link.token, 'setup')}\n` +
      `(API: POST /api/auth/invitations/accept {"token":"${link.token}","email":"…","displayName":"…","password":"…"};\n` +
      ` or stop and run: npm run cli -- user:create-admin --email you@example.com --name "Your Name")\n\n`,
  );
}
