import * as yauzl from 'yauzl';
import { archiveInvalid } from './slack.errors';
import {
  displayName,
  isConversation,
  mentionedUserIds,
  renderSlackMessage,
  slackTsToDate,
} from './slack-message-format';
import { SlackMessage, SlackUser } from './slack-web-api';

export interface ArchiveLimits {
  maxEntries: number;
  maxUncompressedBytes: number;
  from: Date;
  to: Date;
}

export interface ExportedMessage {
  messageTs: string;
  occurredAt: Date;
  authorId: string | null;
  authorName: string | null;
  authorZone: string | null;
  body: string;
  permalink: string | null;
}

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.json$/;

/** A name that could escape the folder it is unpacked to (we never unpack, but refuse them anyway). */
export function unsafeEntryName(name: string): boolean {
  return (
    name.includes('\\') ||
    name.includes('\u0000') ||
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    name.split('/').some((part) => part === '..')
  );
}

function open(buffer: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(
      buffer,
      // Names are checked below (so a traversal name gets its own message); sizes are checked
      // against the central directory while reading (a lying entry fails).
      { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: false },
      (error, zip) => (error || !zip ? reject(error ?? new Error('no zip')) : resolve(zip)),
    ),
  );
}

/** Every entry of the archive (the central directory only), within the count and size caps. */
async function entriesOf(zip: yauzl.ZipFile, limits: ArchiveLimits): Promise<yauzl.Entry[]> {
  if (zip.entryCount > limits.maxEntries)
    throw archiveInvalid(
      `it holds ${zip.entryCount} entries, more than the ${limits.maxEntries} allowed (SLACK_EXPORT_MAX_ENTRIES)`,
    );
  const entries: yauzl.Entry[] = [];
  let total = 0;
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (unsafeEntryName(entry.fileName)) {
        zip.close();
        return reject(
          archiveInvalid(
            `entry name ${JSON.stringify(entry.fileName)} is not a safe relative path`,
          ),
        );
      }
      total += entry.uncompressedSize;
      if (total > limits.maxUncompressedBytes) {
        zip.close();
        return reject(
          archiveInvalid(
            `it would unpack to more than ${limits.maxUncompressedBytes} bytes (SLACK_EXPORT_MAX_UNCOMPRESSED_BYTES)`,
          ),
        );
      }
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (error: Error) =>
      reject(archiveInvalid(`it is not a readable zip (${error.message})`)),
    );
    zip.readEntry();
  });
}

/** One entry's bytes, stopping as soon as it exceeds what the central directory declared. */
function read(zip: yauzl.ZipFile, entry: yauzl.Entry, cap: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream)
        return reject(archiveInvalid(`entry ${entry.fileName} cannot be read (${error?.message})`));
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > cap) {
          stream.destroy();
          return reject(
            archiveInvalid(`entry ${entry.fileName} unpacks to more than its declared size`),
          );
        }
        chunks.push(chunk);
      });
      stream.on('error', (streamError: Error) =>
        reject(archiveInvalid(`entry ${entry.fileName} is corrupt (${streamError.message})`)),
      );
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

async function readJson(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<unknown> {
  const bytes = await read(zip, entry, entry.uncompressedSize);
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (error) {
    throw archiveInvalid(`${entry.fileName} is not valid JSON (${(error as Error).message})`, {
      entry: entry.fileName,
    });
  }
}

/**
 * A Slack export archive (api.slack.com "Understanding the export": channels.json, users.json,
 * and one folder per channel with a JSON array of messages per day): the messages of `channel`
 * (its name or id) between limits.from and limits.to. Never unpacked to disk; every problem is
 * a 400 (SLACK_ARCHIVE_INVALID) before anything is stored.
 */
export async function readSlackExport(
  buffer: Buffer,
  channel: string,
  limits: ArchiveLimits,
): Promise<{ channelId: string; channelName: string; messages: ExportedMessage[] }> {
  if (buffer.length < 22 || buffer.readUInt32LE(0) !== 0x04034b50)
    throw archiveInvalid('it is not a zip file (Slack exports are .zip archives)');
  let zip: yauzl.ZipFile;
  try {
    zip = await open(buffer);
  } catch (error) {
    throw archiveInvalid(`it is not a readable zip (${(error as Error).message})`);
  }
  try {
    const entries = await entriesOf(zip, limits);
    const byName = new Map(entries.map((entry) => [entry.fileName, entry]));
    const channelsEntry = byName.get('channels.json') ?? byName.get('groups.json');
    if (!channelsEntry) throw archiveInvalid('it has no channels.json: not a Slack export');
    const channels = await readJson(zip, channelsEntry);
    if (
      !Array.isArray(channels) ||
      !channels.every(
        (c) =>
          c &&
          typeof c === 'object' &&
          typeof (c as { name?: unknown }).name === 'string' &&
          typeof (c as { id?: unknown }).id === 'string',
      )
    )
      throw archiveInvalid('channels.json is not a list of channels with id and name', {
        entry: 'channels.json',
      });
    const list = channels as Array<{ id: string; name: string }>;
    const found = list.find((c) => c.name === channel.replace(/^#/, '') || c.id === channel);
    if (!found)
      throw archiveInvalid(`the archive has no channel ${JSON.stringify(channel)}`, {
        channels: list.map((c) => c.name).slice(0, 200),
      });
    const users = new Map<string, { name: string; zone: string | null }>();
    const usersEntry = byName.get('users.json');
    if (usersEntry) {
      const parsed = await readJson(zip, usersEntry);
      if (!Array.isArray(parsed))
        throw archiveInvalid('users.json is not a list of users', { entry: 'users.json' });
      for (const user of parsed as SlackUser[])
        if (user && typeof user.id === 'string')
          users.set(user.id, { name: displayName(user, user.id), zone: user.tz ?? null });
    }
    // Day files are named by the day in UTC; one day either side covers any zone.
    const firstDay = new Date(limits.from.getTime() - 86_400_000).toISOString().slice(0, 10);
    const lastDay = new Date(limits.to.getTime() + 86_400_000).toISOString().slice(0, 10);
    const messages: ExportedMessage[] = [];
    for (const entry of entries) {
      const [folder, file, ...rest] = entry.fileName.split('/');
      if (folder !== found.name || !file || rest.length) continue;
      const day = DAY_FILE.exec(file)?.[1];
      if (!day || day < firstDay || day > lastDay) continue;
      const parsed = await readJson(zip, entry);
      if (!Array.isArray(parsed))
        throw archiveInvalid(`${entry.fileName} is not a list of messages`, {
          entry: entry.fileName,
        });
      for (const raw of parsed as SlackMessage[]) {
        if (!raw || typeof raw !== 'object' || typeof raw.ts !== 'string')
          throw archiveInvalid(`${entry.fileName} holds a message without a ts`, {
            entry: entry.fileName,
          });
        if (!isConversation(raw)) continue;
        const occurredAt = slackTsToDate(raw.ts);
        if (occurredAt < limits.from || occurredAt > limits.to) continue;
        const names = new Map<string, string>();
        for (const id of mentionedUserIds(raw.text ?? '')) {
          const user = users.get(id);
          if (user) names.set(id, user.name);
        }
        const author = raw.user ? users.get(raw.user) : undefined;
        messages.push({
          messageTs: raw.ts,
          occurredAt,
          authorId: raw.user ?? null,
          authorName:
            author?.name ?? raw.user_profile?.real_name ?? raw.username ?? raw.user ?? null,
          authorZone: author?.zone ?? null,
          body: renderSlackMessage(raw, names),
          permalink: null,
        });
      }
    }
    messages.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
    return { channelId: found.id, channelName: found.name, messages };
  } finally {
    zip.close();
  }
}
