export * from './fetch.error';
export * from './safe-http-client';
