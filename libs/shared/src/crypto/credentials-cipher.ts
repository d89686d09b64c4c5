import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const KEY_FILE_NAME = 'export-credentials.key';

/** Parses a 32-byte key written as 64 hex characters or base64. */
export function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (key.length !== 32)
    throw new Error(
      'EXPORT_CREDENTIALS_KEY must be 32 bytes, written as 64 hex characters or base64 (openssl rand -base64 32)',
    );
  return key;
}

/**
 * The key from EXPORT_CREDENTIALS_KEY, or else from DATA_DIR/export-credentials.key, generated
 * (mode 0600) on first use. Losing the key makes stored credentials unreadable: back it up.
 */
export function loadOrCreateKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return parseKey(configured);
  const file = path.resolve(dataDir, KEY_FILE_NAME);
  try {
    return parseKey(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(32);
  try {
    // "wx": two processes starting at once never overwrite each other's key.
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return parseKey(readFileSync(file, 'utf8'));
    throw error;
  }
}

/**
 * The cipher of every stored credential (export targets, the Slack app's secrets), keyed by
 * EXPORT_CREDENTIALS_KEY or DATA_DIR/export-credentials.key.
 */
export function credentialsCipherFor(environment: {
  EXPORT_CREDENTIALS_KEY?: string;
  DATA_DIR: string;
}): CredentialsCipher {
  return new CredentialsCipher(
    loadOrCreateKey(environment.EXPORT_CREDENTIALS_KEY, environment.DATA_DIR),
  );
}

/**
 * AES-256-GCM with a random 96-bit IV per value; the owner's id (a target id, a settings row) is
 * bound as additional data, so a value cannot be moved to another owner.
 */
export class CredentialsCipher {
  constructor(private readonly key: Buffer) {}

  encrypt(plain: Record<string, string>, associated: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(associated));
    const data = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), data]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64')))
      .join(':');
  }

  /**
   * A secret for `purpose` derived from the key (HMAC-SHA256, hex): stable for as long as the key
   * is, stored nowhere (a tracker target's webhook secret).
   */
  derive(purpose: string): string {
    return createHmac('sha256', this.key).update(purpose).digest('hex');
  }

  decrypt(stored: string, associated: string): Record<string, string> {
    const [version, iv, tag, data] = stored.split(':');
    if (version !== 'v1' || !iv || !tag || data === undefined)
      throw new Error('stored credentials have an unknown format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(associated));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    try {
      const plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as Record<string, string>;
    } catch {
      throw new Error(
        'stored credentials cannot be decrypted: EXPORT_CREDENTIALS_KEY (or DATA_DIR/export-credentials.key) changed since they were saved',
      );
    }
  }
}
