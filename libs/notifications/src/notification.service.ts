import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import {
  ConflictError,
  Environment,
  InvalidInputError,
  JOB_QUEUE,
  JobName,
  classifyOutboundFailure,
  ForbiddenDestinationError,
  NotFoundError,
  Page,
  Outbox,
  OutboundHttpClient,
  QueueService,
  retryWhileDatabaseDown,
} from '@rca/shared';
import { EntityManager } from 'typeorm';
import { UnrecoverableError } from 'bullmq';
import {
  ChannelTarget,
  PermanentDeliveryError,
  SlackAppPoster,
  sendToChannel,
} from './channel-senders';
import {
  ChannelKind,
  NotificationChannelEntity,
  NotificationTopic,
} from './notification-channel.entity';
import { DeliveryStatus, NotificationDeliveryEntity } from './notification-delivery.entity';
import { NotificationRepository } from './notification.repository';

export interface NotificationMessage {
  /** Stable id of the message (e.g. "reminder:<postmortem>:due-24h:<due>"); delivering it twice is a no-op. */
  key: string;
  topic: NotificationTopic;
  subject: string;
  text: string;
  data?: Record<string, unknown>;
  /** Only channels of this team (plus team-less channels). */
  team?: string | null;
  /**
   * About a private record of this team (its name): only that team's channels get it, never a
   * team-less one, whose readers may not see the record.
   */
  privateToTeam?: string | null;
}

export interface ChannelInput {
  name: string;
  kind: ChannelKind;
  url?: string | null;
  secret?: string | null;
  emailTo?: string[];
  slackChannel?: string | null;
  topics: NotificationTopic[];
  team?: string | null;
  enabled?: boolean;
}

/** Public shape of a channel: the webhook secret is never echoed. */
export type ChannelView = Omit<NotificationChannelEntity, 'secret'> & { hasSecret: boolean };

export function toChannelView(channel: NotificationChannelEntity): ChannelView {
  const { secret, ...rest } = channel;
  return { ...rest, hasSecret: !!secret };
}

export const deliveryJobId = (deliveryId: string) => `delivery-${deliveryId}`;

@Injectable()
export class NotificationService {
  constructor(
    private readonly repository: NotificationRepository,
    private readonly queues: QueueService,
    private readonly outbox: Outbox,
    private readonly environment: Environment,
    private readonly http: OutboundHttpClient,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** The Slack app's poster (libs/slack provides it), when the product has that module. */
  private get slackApp(): SlackAppPoster | undefined {
    try {
      return this.moduleRef.get(SlackAppPoster, { strict: false });
    } catch {
      return undefined;
    }
  }

  /**
   * Save-time checks; the address policy too, as for status sources and export targets: a URL on
   * a loopback, private or metadata address is a 400 on `url` (a host that does not resolve now is
   * left to the delivery, which checks again at connect time).
   */
  private async checkChannel(input: ChannelInput): Promise<void> {
    if (input.kind === ChannelKind.Email) {
      if (!input.emailTo?.length)
        throw new InvalidInputError('emailTo', 'an e-mail channel needs at least one address');
    } else if (input.kind === ChannelKind.SlackApp) {
      if (!input.slackChannel)
        throw new InvalidInputError(
          'slackChannel',
          'a Slack app channel needs the Slack channel (its id, or #name) — invite the app there first',
        );
    } else if (!input.url) {
      throw new InvalidInputError('url', `a ${input.kind} channel needs a URL`);
    }
    if (input.kind !== ChannelKind.SlackApp && input.slackChannel)
      throw new InvalidInputError(
        'slackChannel',
        'only a Slack app channel posts to a Slack channel',
      );
    if (input.kind === ChannelKind.Slack && input.secret)
      throw new InvalidInputError(
        'secret',
        'Slack incoming webhooks are not signed; leave secret empty',
      );
    if (input.kind !== ChannelKind.Email && input.kind !== ChannelKind.SlackApp && input.url)
      try {
        await this.http.checkUrl(input.url);
      } catch (error) {
        if (error instanceof ForbiddenDestinationError)
          throw new InvalidInputError('url', error.message);
      }
  }

  async createChannel(input: ChannelInput): Promise<ChannelView> {
    await this.checkChannel(input);
    if (await this.repository.findChannelByName(input.name))
      throw new ConflictError(`A channel named "${input.name}" already exists`);
    const channel = await this.repository.createChannel({
      ...input,
      url: input.url ?? null,
      secret: input.secret ?? null,
      emailTo: input.emailTo ?? [],
      slackChannel: input.slackChannel ?? null,
      team: input.team ?? null,
      enabled: input.enabled ?? true,
    });
    return toChannelView(channel);
  }

  async updateChannel(id: string, patch: Partial<ChannelInput>): Promise<ChannelView> {
    const current = await this.getChannel(id);
    const next = { ...current, ...patch } as ChannelInput;
    await this.checkChannel(next);
    if (
      patch.name &&
      patch.name !== current.name &&
      (await this.repository.findChannelByName(patch.name))
    )
      throw new ConflictError(`A channel named "${patch.name}" already exists`);
    await this.repository.updateChannel(id, patch);
    return toChannelView(await this.getChannel(id));
  }

  async getChannel(id: string): Promise<NotificationChannelEntity> {
    const channel = await this.repository.findChannel(id);
    if (!channel) throw new NotFoundError('Notification channel', id);
    return channel;
  }

  async deleteChannel(id: string): Promise<void> {
    if (!(await this.repository.deleteChannel(id)))
      throw new NotFoundError('Notification channel', id);
  }

  async listChannels(
    cursor: string | undefined,
    limit: number | undefined,
  ): Promise<Page<ChannelView>> {
    const result = await this.repository.listChannels(cursor, limit);
    return { ...result, items: result.items.map(toChannelView) };
  }

  /**
   * Records one delivery per subscribed channel and its job in the outbox, in `manager`'s
   * transaction when given (the change that causes the message commits with it), else in one of
   * its own. Safe to call twice with the same key: the unique dedupe key and the job id make the
   * second call a no-op.
   */
  async notify(
    message: NotificationMessage,
    channels?: NotificationChannelEntity[],
    manager?: EntityManager,
  ): Promise<NotificationDeliveryEntity[]> {
    const work = async (tx: EntityManager) => {
      const targets =
        channels ??
        (await this.repository.subscribers(
          message.topic,
          message.team ?? null,
          message.privateToTeam ?? null,
          tx,
        ));
      const deliveries: NotificationDeliveryEntity[] = [];
      for (const channel of targets) {
        const { delivery, created } = await this.repository.insertDelivery(
          {
            dedupeKey: `${message.key}:${channel.id}`,
            channelId: channel.id,
            channelKind: channel.kind,
            topic: message.topic,
            subject: message.subject,
            text: message.text,
            data: message.data ?? {},
          },
          tx,
        );
        if (created)
          await this.outbox.enqueue(
            tx,
            JobName.NotificationDeliver,
            { deliveryId: delivery.id },
            { jobId: deliveryJobId(delivery.id) },
          );
        deliveries.push(delivery);
      }
      return deliveries;
    };
    return manager ? work(manager) : this.repository.transaction(work);
  }

  /**
   * One e-mail per person (their own address, through SMTP_URL), recorded as a delivery and queued
   * in the outbox of `manager`'s transaction. Without SMTP_URL nothing is recorded (the in-app
   * inbox still shows it). The same key twice is a no-op per person.
   */
  async notifyPeople(
    message: Omit<NotificationMessage, 'team'>,
    emails: string[],
    manager: EntityManager,
  ): Promise<NotificationDeliveryEntity[]> {
    if (!this.environment.SMTP_URL) return [];
    const deliveries: NotificationDeliveryEntity[] = [];
    for (const email of [...new Set(emails.map((address) => address.toLowerCase()))]) {
      const { delivery, created } = await this.repository.insertDelivery(
        {
          dedupeKey: `${message.key}:to:${email}`,
          channelId: null,
          recipient: email,
          channelKind: ChannelKind.Email,
          topic: message.topic,
          subject: message.subject,
          text: message.text,
          data: message.data ?? {},
        },
        manager,
      );
      if (created)
        await this.outbox.enqueue(
          manager,
          JobName.NotificationDeliver,
          { deliveryId: delivery.id },
          { jobId: deliveryJobId(delivery.id) },
        );
      deliveries.push(delivery);
    }
    return deliveries;
  }

  /**
   * The reconciler: a delivery still pending long after its last attempt, whose job BullMQ no
   * longer holds (retries ran out during an outage, Redis lost it), is queued again.
   */
  async reconcile(): Promise<number> {
    const quiet = new Date(Date.now() - this.environment.RECONCILE_STUCK_AFTER_SECONDS * 1000);
    const queue = this.queues.queue(JOB_QUEUE[JobName.NotificationDeliver]);
    let requeued = 0;
    for (const id of await this.repository.quietPendingDeliveries(quiet, 500)) {
      if (await this.queues.isLive(JobName.NotificationDeliver, deliveryJobId(id))) continue;
      // The same id again (the history links a delivery to one job id): the finished job goes first.
      await (await queue.getJob(deliveryJobId(id)))?.remove().catch(() => undefined);
      await this.repository.transaction((tx) =>
        this.outbox.enqueue(
          tx,
          JobName.NotificationDeliver,
          { deliveryId: id },
          { jobId: deliveryJobId(id) },
        ),
      );
      requeued += 1;
    }
    return requeued;
  }

  async sendTest(channelId: string): Promise<NotificationDeliveryEntity> {
    const channel = await this.getChannel(channelId);
    const [delivery] = await this.notify(
      {
        key: `test:${Date.now()}:${Math.random().toString(36).slice(2)}`,
        topic: NotificationTopic.Test,
        subject: 'RCA desk test message',
        text: `This is a test of the channel "${channel.name}".`,
      },
      [channel],
    );
    return delivery;
  }

  listDeliveries(
    filters: { status?: DeliveryStatus; channelId?: string; topic?: NotificationTopic },
    cursor: string | undefined,
    limit: number | undefined,
  ) {
    return this.repository.listDeliveries(filters, cursor, limit);
  }

  async getDelivery(id: string): Promise<NotificationDeliveryEntity> {
    const delivery = await this.repository.findDelivery(id);
    if (!delivery) throw new NotFoundError('Notification delivery', id);
    return delivery;
  }

  /**
   * One attempt. Records the outcome on the delivery; a transient failure is rethrown so BullMQ
   * retries with backoff, a permanent one (or the last attempt) marks it failed for good.
   */
  async deliver(
    deliveryId: string,
    attempt: { number: number; max: number },
  ): Promise<DeliveryStatus> {
    const delivery = await this.repository.findDelivery(deliveryId);
    if (!delivery) throw new UnrecoverableError(`delivery ${deliveryId} does not exist`);
    if (delivery.status !== DeliveryStatus.Pending) return delivery.status;
    // A message to one person goes by e-mail to their address (SMTP_URL), without a channel.
    const channel: ChannelTarget | null = delivery.recipient
      ? { kind: ChannelKind.Email, url: null, secret: null, emailTo: [delivery.recipient] }
      : await this.repository.findChannel(delivery.channelId!);
    const enabled = delivery.recipient
      ? true
      : (channel as NotificationChannelEntity | null)?.enabled;
    const now = new Date();
    if (!channel || !enabled) {
      const error = channel ? 'channel is disabled' : 'channel was deleted';
      await this.repository.recordAttempt(delivery.id, {
        status: DeliveryStatus.Failed,
        error,
        at: now,
      });
      throw new UnrecoverableError(error);
    }
    await this.repository.startAttempt(delivery.id, now);
    try {
      await sendToChannel(
        channel,
        {
          id: delivery.id,
          topic: delivery.topic,
          subject: delivery.subject,
          text: delivery.text,
          data: delivery.data,
        },
        {
          timeoutMs: this.environment.NOTIFICATION_TIMEOUT_MS,
          smtpUrl: this.environment.SMTP_URL,
          smtpFrom: this.environment.SMTP_FROM,
          http: this.http,
          slackApp: this.slackApp,
        },
      );
    } catch (error) {
      const permanent =
        error instanceof PermanentDeliveryError || classifyOutboundFailure(error).permanent;
      const final = permanent || attempt.number >= attempt.max;
      await retryWhileDatabaseDown(`delivery ${delivery.id}`, () =>
        this.repository.recordAttempt(
          delivery.id,
          {
            status: final ? DeliveryStatus.Failed : DeliveryStatus.Pending,
            error: (error as Error).message,
            at: new Date(),
          },
          true,
        ),
      );
      if (permanent) throw new UnrecoverableError((error as Error).message);
      throw error;
    }
    // Sent: record it even if the database blinks right now, or the retry would send it again.
    await retryWhileDatabaseDown(`delivery ${delivery.id}`, () =>
      this.repository.recordAttempt(
        delivery.id,
        { status: DeliveryStatus.Delivered, error: null, at: new Date() },
        true,
      ),
    );
    return DeliveryStatus.Delivered;
  }
}
