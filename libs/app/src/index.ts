export * from './root.module';
export * from './start-server';
