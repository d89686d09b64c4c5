export * from './postmortem.entity';
export * from './postmortem-revision.entity';
export * from './postmortem-review.entity';
export * from './postmortem-template.entity';
export * from './action-item.entity';
export * from './rca-draft-run.entity';
