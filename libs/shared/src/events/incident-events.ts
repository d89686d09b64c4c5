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
/** The incident's impacts were created or changed (committed). */
export type ImpactsChangedListener = (incidentId: string) => Promise<void>;

/**
 * In-process seam between the incident record and the domains that react to it (the RCA draft
 * job, deadlines). The incidents service emits after its transaction commits; listeners only
 * enqueue work, so a failing listener never fails the incident write (it is logged).
 */
@Injectable()
export class IncidentEvents {
  private readonly logger = new Logger(IncidentEvents.name);
  private readonly listeners: IncidentChangeListener[] = [];
  private readonly impactListeners: ImpactsChangedListener[] = [];

  onChange(listener: IncidentChangeListener): void {
    this.listeners.push(listener);
  }

  /** Cause suggestions listen here: an impact says which of our services (and so which vendors) are involved. */
  onImpactsChanged(listener: ImpactsChangedListener): void {
    this.impactListeners.push(listener);
  }

  changed(change: IncidentChange): Promise<void> {
    return this.notify(change.incidentId, this.listeners, (listener) => listener(change));
  }

  impactsChanged(incidentId: string): Promise<void> {
    return this.notify(incidentId, this.impactListeners, (listener) => listener(incidentId));
  }

  private async notify<L>(
    incidentId: string,
    listeners: L[],
    call: (listener: L) => Promise<void>,
  ): Promise<void> {
    for (const listener of listeners) {
      try {
        await call(listener);
      } catch (error) {
        this.logger.error(
          { incidentId, err: (error as Error).message },
          'incident change listener failed',
        );
      }
    }
  }
}

@Global()
@Module({ providers: [IncidentEvents], exports: [IncidentEvents] })
export class IncidentEventsModule {}
