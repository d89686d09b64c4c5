export * from './incident.entity';
export * from './incident-reference-counter.entity';
export * from './impact.entity';
export * from './timeline-event.entity';
export * from './timeline-event-revision.entity';
export * from './cause.entity';
export * from './incident-activity.entity';
