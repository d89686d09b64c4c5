import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Environment } from '@rca/shared';
import { SafeHttpClient } from './http';

/** The process's one SafeHttpClient, configured from the environment. */
@Injectable()
export class StatusFetcher extends SafeHttpClient implements OnApplicationShutdown {
  constructor(environment: Environment) {
    super({
      allowLoopback: environment.STATUS_FETCH_ALLOW_LOOPBACK,
      maxBytes: environment.STATUS_FETCH_MAX_BYTES,
      readTimeoutMs: environment.STATUS_FETCH_TIMEOUT_MS,
      connectTimeoutMs: Math.max(100, Math.round(environment.STATUS_FETCH_TIMEOUT_MS / 2)),
      totalTimeoutMs: environment.STATUS_FETCH_TIMEOUT_MS * 3,
    });
  }

  onApplicationShutdown(): void {
    this.close();
  }
}
