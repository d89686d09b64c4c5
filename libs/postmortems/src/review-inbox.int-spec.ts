import { DataSource } from 'typeorm';
import { peopleOf, TestPerson } from '../../../test/support/people';
import { createTestApp, TestApp } from '../../../test/test-context';
import { eventually, startSmtpReceiver } from '../../../test/support/loopback-receivers';
import { ReviewNotifierService } from './review-notifier.service';

const CHECKLIST = {
  keyDataCollected: true,
  impactComplete: true,
  rootCauseDeepEnough: true,
  actionsAppropriate: true,
  sharedWithStakeholders: true,
};
const SCOPES = ['read:postmortems', 'write:postmortems', 'read:incidents'] as const;

/**
 * Reviewers and owners are told (outbox → postmortems.workflow-notify → notifications.deliver →
 * a real SMTP server), the inbox lists what waits for each person, and comments mention people.
 * Real Postgres, Redis, BullMQ workers and smtp-server.
 */
describe('review notifications, the inbox and comments with @mentions', () => {
  let sut: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    sut = await createTestApp({
      workers: true,
      env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://rca.example.com' },
    });
  });
  afterAll(async () => {
    await sut?.close();
    await smtp?.close();
  });

  /** A person with a token: `call(method, path, body)` as them. */
  const person = peopleOf(() => sut, SCOPES);

  type Person = TestPerson;

  /** A drafted postmortem owned by `owner` with `reviewers` required. */
  async function postmortemFor(owner: Person, reviewers: Person[], title = 'CDN outage') {
    const incident = await sut.factories.newIncident({
      title,
      status: 'resolved',
      startedAt: new Date('2026-11-18T11:20:00Z'),
      resolvedAt: new Date('2026-11-18T14:30:00Z'),
    });
    const drafted = await owner.call('POST', `/incidents/${incident.id}/postmortem/draft`);
    const pm = (await owner.call('GET', `/postmortems/${drafted.body.postmortemId}`)).body;
    const edited = await owner.call('PATCH', `/postmortems/${pm.id}`, {
      version: pm.version,
      owner: owner.email,
      requiredReviewers: reviewers.map((reviewer) => reviewer.email),
    });
    expect(edited.status).toBe(200);
    return { ...edited.body, reference: incident.reference as string };
  }

  const mailsTo = (email: string) => smtp.received.filter((mail) => mail.to.includes(email));
  const deliveriesTo = async (email: string) =>
    (await (sut.dataSource as DataSource).query(
      `SELECT status, subject FROM notification_delivery WHERE recipient = $1 ORDER BY created_at`,
      [email],
    )) as Array<{ status: string; subject: string }>;

  it('a review request reaches each required reviewer once, by e-mail, with a link', async () => {
    const owner = await person('responder', 'Writer');
    const reviewer = await person('manager', 'Rita');
    const pm = await postmortemFor(owner, [reviewer]);
    const submitted = await owner.call('POST', `/postmortems/${pm.id}/submit`, {
      version: pm.version,
    });
    expect(submitted.status).toBe(201);
    const [delivery] = await eventually(async () => {
      const rows = await deliveriesTo(reviewer.email);
      return rows.length && rows[0]!.status === 'delivered' ? rows : undefined;
    });
    expect(delivery!.subject).toBe(`Review requested: ${pm.reference}: ${pm.title}`);
    // The job running again (at-least-once delivery) sends nothing more.
    const sent = await sut.app.get(ReviewNotifierService).onWorkflowChanged({
      postmortemId: pm.id,
      from: 'draft',
      to: 'in_review',
      revision: submitted.body.revision,
    });
    expect(sent).toBe(1);
    expect(await deliveriesTo(reviewer.email)).toHaveLength(1);
    const mails = mailsTo(reviewer.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.raw).toContain(`Subject: Review requested: ${pm.reference}`);
    expect(mails[0]!.raw.replace(/=\r?\n/g, '')).toContain(
      `https://rca.example.com/incidents/${pm.reference}/postmortem`,
    );
    expect(mailsTo(owner.email)).toHaveLength(0);
  });

  it('the owner is told when changes are requested and when it is approved', async () => {
    const owner = await person('responder', 'Owner');
    const reviewer = await person('manager', 'Sam');
    let pm = await postmortemFor(owner, [reviewer]);
    pm = (await owner.call('POST', `/postmortems/${pm.id}/submit`, { version: pm.version })).body;
    const changes = await reviewer.call('POST', `/postmortems/${pm.id}/reviews`, {
      version: pm.version,
      decision: 'changes_requested',
      checklist: CHECKLIST,
      comment: 'Say which POPs failed.',
    });
    expect(changes.status).toBe(201);
    pm = changes.body.postmortem;
    pm = (await owner.call('POST', `/postmortems/${pm.id}/submit`, { version: pm.version })).body;
    await reviewer.call('POST', `/postmortems/${pm.id}/reviews`, {
      version: pm.version,
      decision: 'approved',
      checklist: CHECKLIST,
    });
    const rows = await eventually(async () => {
      const found = await deliveriesTo(owner.email);
      return found.length === 2 && found.every((row) => row.status === 'delivered')
        ? found
        : undefined;
    });
    expect(rows.map((row) => row.subject.split(':')[0])).toEqual(['Changes requested', 'Approved']);
    const changed = mailsTo(owner.email).find((mail) => mail.raw.includes('Changes requested'))!;
    expect(changed.raw.replace(/=\r?\n/g, '')).toContain('Say which POPs failed.');
  });

  it('"Waiting for my review" lists what waits for me until I approve, page by page', async () => {
    const owner = await person('responder', 'Author');
    const reviewer = await person('manager', 'Reviewer');
    const other = await person('manager', 'Other');
    const first = await postmortemFor(owner, [reviewer, other], 'First outage');
    const second = await postmortemFor(owner, [reviewer], 'Second outage');
    const notYet = await postmortemFor(owner, [reviewer], 'Still a draft');
    for (const pm of [first, second])
      await owner.call('POST', `/postmortems/${pm.id}/submit`, { version: pm.version });

    const page1 = await reviewer.call('GET', '/inbox/reviews?limit=1');
    expect(page1.body.items.map((item: { title: string }) => item.title)).toEqual([first.title]);
    expect(page1.body.items[0]).toMatchObject({ reference: first.reference, severity: 'SEV2' });
    const page2 = await reviewer.call(
      'GET',
      `/inbox/reviews?limit=1&cursor=${page1.body.nextCursor}`,
    );
    expect(page2.body.items.map((item: { title: string }) => item.title)).toEqual([second.title]);
    expect(page2.body.nextCursor).toBeNull();
    expect((await reviewer.call('GET', '/inbox/counts')).body.reviews).toBe(2);
    expect((await owner.call('GET', '/inbox/reviews')).body.items).toEqual([]);
    expect(notYet.status).toBe('draft');

    // Approving takes it off my list, not off the other reviewer's.
    const current = (await reviewer.call('GET', `/postmortems/${first.id}`)).body;
    await reviewer.call('POST', `/postmortems/${first.id}/reviews`, {
      version: current.version,
      decision: 'approved',
      checklist: CHECKLIST,
    });
    expect(
      (await reviewer.call('GET', '/inbox/reviews')).body.items.map(
        (item: { id: string }) => item.id,
      ),
    ).toEqual([second.id]);
    expect(
      (await other.call('GET', '/inbox/reviews')).body.items.map((item: { id: string }) => item.id),
    ).toEqual([first.id]);
  });

  it('"My action items" lists the open items I own, nearest due date first, with a link', async () => {
    const me = await person('responder', 'Doer');
    const someoneElse = await person('responder', 'Else');
    const pm = await postmortemFor(me, [someoneElse]);
    const add = (title: string, owner: Person, dueDate?: string) =>
      me.call('POST', `/postmortems/${pm.id}/action-items`, {
        title,
        type: 'prevent',
        ownerId: owner.id,
        dueDate,
      });
    await add('Later', me, '2030-06-01');
    await add('No date', me);
    await add('Sooner', me, '2030-01-10');
    await add('Not mine', someoneElse, '2030-01-01');
    const done = await add('Done already', me, '2030-01-05');
    await me.call('PATCH', `/action-items/${done.body.id}`, { version: 1, status: 'done' });

    const inbox = await me.call('GET', '/inbox/action-items?limit=2');
    expect(inbox.body.items.map((item: { title: string }) => item.title)).toEqual([
      'Sooner',
      'Later',
    ]);
    expect(inbox.body.items[0]).toMatchObject({
      reference: pm.reference,
      dueDate: '2030-01-10',
      ownerName: me.name,
    });
    const rest = await me.call(
      'GET',
      `/inbox/action-items?limit=2&cursor=${inbox.body.nextCursor}`,
    );
    expect(rest.body.items.map((item: { title: string }) => item.title)).toEqual(['No date']);
    expect(rest.body.nextCursor).toBeNull();
    expect((await me.call('GET', '/inbox/counts')).body.actionItems).toBe(3);
  });

  it('a comment that @mentions someone gives them an inbox entry and one e-mail; exports leave comments out', async () => {
    const author = await person('responder', 'Commenter');
    const mentioned = await person('manager', 'Mentioned');
    const pm = await postmortemFor(author, [mentioned]);
    const posted = await author.call('POST', `/postmortems/${pm.id}/comments`, {
      sectionKey: 'root_cause',
      body: `@${mentioned.email} can you confirm the proxy config was the trigger?`,
    });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({
      sectionKey: 'root_cause',
      authorName: author.name,
      mentions: [{ id: mentioned.id, email: mentioned.email, displayName: mentioned.name }],
    });
    const thread = await author.call('GET', `/postmortems/${pm.id}/comments?section=root_cause`);
    expect(thread.body.items.map((comment: { id: string }) => comment.id)).toEqual([
      posted.body.id,
    ]);
    expect((await author.call('GET', `/postmortems/${pm.id}/comment-counts`)).body).toEqual({
      root_cause: 1,
    });
    const mentions = await mentioned.call('GET', '/inbox/mentions');
    expect(mentions.body.items).toEqual([
      expect.objectContaining({
        commentId: posted.body.id,
        reference: pm.reference,
        sectionKey: 'root_cause',
        authorName: author.name,
      }),
    ]);
    const [delivery] = await eventually(async () => {
      const rows = await deliveriesTo(mentioned.email);
      return rows.length && rows[0]!.status === 'delivered' ? rows : undefined;
    });
    expect(delivery!.subject).toBe(`${author.name} mentioned you: ${pm.reference}: ${pm.title}`);
    expect(mailsTo(mentioned.email)).toHaveLength(1);
    const exported = await sut.api('GET', `/postmortems/${pm.id}/export?format=markdown`);
    expect(exported.text).not.toContain('proxy config was the trigger');
  });

  it('a mention of an e-mail that is no user is refused with a 400 on body; nothing is stored', async () => {
    const author = await person('responder', 'Careful');
    const pm = await postmortemFor(author, [await person('manager', 'Rev')]);
    const refused = await author.call('POST', `/postmortems/${pm.id}/comments`, {
      sectionKey: 'summary',
      body: 'cc @stranger@example.org',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: 'body', messages: ['no user with e-mail stranger@example.org — invite them first'] },
    ]);
    const unknownSection = await author.call('POST', `/postmortems/${pm.id}/comments`, {
      sectionKey: 'nonsense',
      body: 'hello',
    });
    expect(unknownSection.status).toBe(400);
    expect(
      (await author.call('GET', `/postmortems/${pm.id}/comments?section=summary`)).body.items,
    ).toEqual([]);
  });
});
