import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CredentialsCipher, KEY_FILE_NAME, loadOrCreateKey, parseKey } from './credentials-cipher';

describe('credentials encryption (AES-256-GCM)', () => {
  const key = loadOrCreateKey('a'.repeat(64), '/nonexistent');

  it('round-trips, never stores the plain text and uses a fresh IV each time', () => {
    const cipher = new CredentialsCipher(key);
    const one = cipher.encrypt({ token: 'hunter2-secret' }, 'target-1');
    const two = cipher.encrypt({ token: 'hunter2-secret' }, 'target-1');
    expect(one).not.toContain('hunter2');
    expect(one).not.toBe(two);
    expect(cipher.decrypt(one, 'target-1')).toEqual({ token: 'hunter2-secret' });
  });

  it('refuses a tampered value, another target id or another key', () => {
    const cipher = new CredentialsCipher(key);
    const stored = cipher.encrypt({ token: 't' }, 'target-1');
    expect(() => cipher.decrypt(stored, 'target-2')).toThrow(/cannot be decrypted/);
    const [v, iv, tag, data] = stored.split(':');
    const flipped = Buffer.from(data, 'base64');
    flipped[0] ^= 1;
    expect(() =>
      cipher.decrypt([v, iv, tag, flipped.toString('base64')].join(':'), 'target-1'),
    ).toThrow();
    expect(() =>
      new CredentialsCipher(parseKey('b'.repeat(64))).decrypt(stored, 'target-1'),
    ).toThrow();
  });

  it('generates a key file (0600) in DATA_DIR when no key is configured, and reuses it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rca-key-'));
    const first = loadOrCreateKey(undefined, dir);
    const file = path.join(dir, KEY_FILE_NAME);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(parseKey(readFileSync(file, 'utf8')).equals(first)).toBe(true);
    expect(loadOrCreateKey(undefined, dir).equals(first)).toBe(true);
  });

  it('refuses a key of the wrong size with a clear message', () => {
    expect(() => parseKey('short')).toThrow(/32 bytes/);
  });
});
