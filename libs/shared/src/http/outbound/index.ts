export * from './outbound.error';
export * from './failure-classification';
export * from './webhook-signature';
export * from './outbound-http-client';
