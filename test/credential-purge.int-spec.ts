import {
  CredentialPurgeProcessor,
  PURGE_SESSIONS_EVERY_MS,
  PURGE_SESSIONS_SCHEDULER_ID,
} from '@rca/accounts';
import { JobName, QueueName, QueueService } from '@rca/shared';
import { Job } from 'bullmq';
import { signIn } from './http-session';
import { createTestApp, TestApp } from './test-context';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

async function finished(queues: QueueService, job: Job): Promise<Job> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const current = await Job.fromId(queues.queue(QueueName.System), job.id!);
    if (current?.finishedOn) return current;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${job.name} ${job.id} did not finish`);
}

async function remaining(sut: TestApp, table: string, ids: string[]): Promise<string[]> {
  const rows: Array<{ id: string }> = await sut.dataSource.query(
    `SELECT id FROM ${table} WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return rows.map((row) => row.id).sort();
}

describe('hourly purge of expired sessions and spent invitation links (workers, real BullMQ)', () => {
  let sut: TestApp;
  let queues: QueueService;

  beforeAll(async () => {
    sut = await createTestApp({ workers: true, env: { SESSION_IDLE_TIMEOUT_SECONDS: '7200' } });
    queues = sut.app.get(QueueService);
  });
  afterAll(() => sut.close());

  it('registers an hourly scheduler on the system queue', async () => {
    const scheduler = await queues
      .queue(QueueName.System)
      .getJobScheduler(PURGE_SESSIONS_SCHEDULER_ID);
    expect(scheduler).toMatchObject({ name: JobName.AccountsPurgeSessions, every: HOUR });
    expect(PURGE_SESSIONS_EVERY_MS).toBe(HOUR);
    // One handler in the app, which is what the worker boot check requires of every job.
    expect(sut.app.get(CredentialPurgeProcessor)).toBeInstanceOf(CredentialPurgeProcessor);
  });

  it('deletes only sessions past their absolute end or idle timeout, and links spent over a week ago', async () => {
    // A browser signed in through the API (a login also sweeps, so it comes first) keeps working.
    const browser = await signIn(sut.url, (await sut.factories.newUser()).email!);
    const user = await sut.factories.newUser();
    const now = Date.now();
    const live = await sut.factories.newSession(user);
    const recentlyActive = await sut.factories.newSession(user, {
      lastSeenAt: new Date(now - HOUR),
    });
    const pastEnd = await sut.factories.newSession(user, { expiresAt: new Date(now - 1000) });
    const idle = await sut.factories.newSession(user, { lastSeenAt: new Date(now - 3 * HOUR) });

    const open = await sut.factories.newInvitation();
    const expiredYesterday = await sut.factories.newInvitation({
      expiresAt: new Date(now - DAY),
    });
    const expiredLongAgo = await sut.factories.newInvitation({
      expiresAt: new Date(now - 8 * DAY),
    });
    const acceptedLongAgo = await sut.factories.newInvitation({
      acceptedAt: new Date(now - 8 * DAY),
    });

    const job = await finished(queues, await queues.add(JobName.AccountsPurgeSessions, {}));
    expect(job.failedReason).toBeUndefined();
    // Counts, not exact numbers: the scheduler's own run may have taken some rows first.
    expect(job.returnvalue).toEqual({
      sessions: expect.any(Number),
      invitations: expect.any(Number),
    });

    expect(
      await remaining(sut, 'user_session', [live.id, recentlyActive.id, pastEnd.id, idle.id]),
    ).toEqual([live.id, recentlyActive.id].sort());
    expect(
      await remaining(sut, 'invitation', [
        open.id,
        expiredYesterday.id,
        expiredLongAgo.id,
        acceptedLongAgo.id,
      ]),
    ).toEqual([open.id, expiredYesterday.id].sort());
    expect((await browser.request('GET', '/api/auth/session')).status).toBe(200);
  });
});
