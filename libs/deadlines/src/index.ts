export * from './business-calendar';
export * from './deadline-policy.entity';
export * from './deadline-reminder.entity';
