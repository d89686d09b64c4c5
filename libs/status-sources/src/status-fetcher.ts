import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Environment, OutboundHttpClient, outboundAddressPolicy } from '@rca/shared';

/** The outbound client with the status-fetch limits (STATUS_FETCH_*), configured from the environment. */
@Injectable()
export class StatusFetcher extends OutboundHttpClient implements OnApplicationShutdown {
  constructor(environment: Environment) {
    super(statusFetchOptions(environment));
  }

  onApplicationShutdown(): void {
    this.close();
  }
}

/** The one address policy, and the size and time limits of status fetches. */
export function statusFetchOptions(environment: Environment) {
  return {
    ...outboundAddressPolicy(environment),
    userAgent: 'rca-desk-status-poller/1.0',
    maxBytes: environment.STATUS_FETCH_MAX_BYTES,
    readTimeoutMs: environment.STATUS_FETCH_TIMEOUT_MS,
    connectTimeoutMs: Math.max(100, Math.round(environment.STATUS_FETCH_TIMEOUT_MS / 2)),
    totalTimeoutMs: environment.STATUS_FETCH_TIMEOUT_MS * 3,
  };
}
