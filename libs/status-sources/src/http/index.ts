export * from './address-policy';
export * from './fetch.error';
export * from './safe-http-client';
