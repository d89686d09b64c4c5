export * from './tracker-target.entity';
export * from './tracker-link.entity';
export * from './connector';
export * from './redmine-connector';
export * from './merge';
export * from './trackers.service';
export * from './trackers.module';
