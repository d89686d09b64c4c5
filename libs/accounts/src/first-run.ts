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
  // Printed once the boot logs have settled, so it is the last thing on the screen.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const url = invitationLink(baseUrlOf(environment, port), link.token, 'setup');
  const rule = '═'.repeat(Math.min(100, Math.max(60, url.length + 4)));
  const bold = process.stdout.isTTY
    ? (text: string) => `\u001b[1m${text}\u001b[22m`
    : (text: string) => text;
  process.stdout.write(
    `\n${rule}\n` +
      `${bold('No user exists yet. Create the first admin within 24 hours with this one-time link:')}\n\n` +
      `  ${bold(url)}\n\n` +
      `(API: POST /api/auth/invitations/accept {"token":"${link.token}","email":"…","displayName":"…","password":"…"};\n` +
      ` or stop and run: npm run cli -- user:create-admin --email you@example.com --name "Your Name")\n` +
      `${rule}\n\n`,
  );
}
