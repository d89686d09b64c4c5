export * from './business-calendar';
export * from './clock.service';
export * from './deadline-policy.entity';
export * from './deadline-reminder.entity';
export * from './deadline-policy.service';
export * from './deadlines.module';
