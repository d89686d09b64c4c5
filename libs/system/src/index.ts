export * from './job-heartbeat.entity';
export * from './heartbeat.repository';
export * from './heartbeat.processor';
export * from './system.module';
