import { Injectable, Logger } from '@nestjs/common';
import { JobName, QueueName, QueueService } from '@rca/shared';
import { StatusSourceEntity } from './status-source.entity';
import { StatusSourceRepository } from './status-source.repository';

export const schedulerId = (sourceId: string) => `status-source-${sourceId}`;

/** Keeps exactly one BullMQ job scheduler per enabled source (upsert is idempotent across workers). */
@Injectable()
export class StatusSourceScheduler {
  private readonly logger = new Logger(StatusSourceScheduler.name);

  constructor(
    private readonly queues: QueueService,
    private readonly sources: StatusSourceRepository,
  ) {}

  async sync(
    source: Pick<StatusSourceEntity, 'id' | 'enabled' | 'pollIntervalSeconds'>,
  ): Promise<void> {
    if (source.enabled)
      await this.queues.upsertScheduler(
        schedulerId(source.id),
        JobName.StatusSourcePoll,
        { every: source.pollIntervalSeconds * 1000 },
        { sourceId: source.id },
      );
    else await this.remove(source.id);
  }

  async remove(sourceId: string): Promise<void> {
    await this.queues.removeScheduler(JobName.StatusSourcePoll, schedulerId(sourceId));
  }

  /** Boot-time reconciliation: schedulers for enabled sources, none for deleted or disabled ones. */
  async reconcile(): Promise<{ scheduled: number; removed: number }> {
    const enabled = await this.sources.listEnabled();
    const wanted = new Map(enabled.map((s) => [schedulerId(s.id), s]));
    const queue = this.queues.queue(QueueName.StatusSources);
    const present = new Map<string, number | null>();
    let removed = 0;
    for (let start = 0; ; start += 500) {
      const schedulers = await queue.getJobSchedulers(start, start + 499);
      for (const scheduler of schedulers) {
        const id = scheduler.key ?? scheduler.id;
        if (!id || !id.startsWith('status-source-')) continue;
        if (wanted.has(id)) present.set(id, scheduler.every ? Number(scheduler.every) : null);
        else {
          await queue.removeJobScheduler(id);
          removed += 1;
        }
      }
      if (schedulers.length < 500) break;
    }
    // It runs every minute: only a missing scheduler or a changed interval costs an upsert.
    let scheduled = 0;
    for (const [id, source] of wanted)
      if (present.get(id) !== source.pollIntervalSeconds * 1000) {
        await this.sync(source);
        scheduled += 1;
      }
    const summary = `status sources: ${enabled.length} schedulers in place (${scheduled} set), ${removed} stale removed`;
    if (removed || scheduled) this.logger.log(summary);
    else this.logger.debug(summary);
    return { scheduled: enabled.length, removed };
  }

  async list(): Promise<Array<{ id: string; every: number | null; next: number | null }>> {
    const schedulers = await this.queues.queue(QueueName.StatusSources).getJobSchedulers(0, -1);
    return schedulers.map((s) => ({
      id: (s.key ?? s.id) as string,
      every: s.every ? Number(s.every) : null,
      next: s.next ?? null,
    }));
  }
}
