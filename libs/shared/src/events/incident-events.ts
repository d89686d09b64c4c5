import { Global, Injectable, Logger, Module } from '@nestjs/common';

/** A committed change of an incident's status or instants. */
export interface IncidentChange {
  incidentId: string;
  status: string;
  previousStatus: string;
  resolvedAt: Date | null;
  previousResolvedAt: Date | null;
  version: number;
}

export type IncidentChangeListener = (change: IncidentChange) => Promise<void>;

/**
 * In-process seam between the incident record and the domains that react to it (the RCA draft
 * job, deadlines). The incidents service emits after its transaction commits; listeners only
 * enqueue work, so a failing listener never fails the incident write (it is logged).
 */
@Injectable()
export class IncidentEvents {
  private readonly logger = new Logger(IncidentEvents.name);
  private readonly listeners: IncidentChangeListener[] = [];

  onChange(listener: IncidentChangeListener): void {
    this.listeners.push(listener);
  }

  async changed(change: IncidentChange): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(change);
      } catch (error) {
        this.logger.error(
          { incidentId: change.incidentId, err: (error as Error).message },
          'incident change listener failed',
        );
      }
    }
  }
}

@Global()
@Module({ providers: [IncidentEvents], exports: [IncidentEvents] })
export class IncidentEventsModule {}
