import { Controller, Get } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Environment, JobName, pendingMigrations, Public, QueueService } from '@rca/shared';
import { HeartbeatRepository } from './heartbeat.repository';

@ApiTags('operations')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly heartbeats: HeartbeatRepository,
    private readonly queues: QueueService,
    private readonly environment: Environment,
  ) {}

  /** The process is alive; says nothing about its dependencies. */
  @Get('healthz')
  @ApiOperation({ summary: 'Liveness: the process is alive' })
  @ApiOkResponse({ description: 'The process is alive' })
  healthz() {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  /** Ready to serve: database, Redis and schema answer; the last heartbeat is reported for information. */
  @Get('readyz')
  @ApiOperation({ summary: 'Readiness: database, Redis and migrations up' })
  @HealthCheck()
  @ApiOkResponse({ description: 'database, redis and migrations are up' })
  @ApiServiceUnavailableResponse({ description: 'a dependency is down; the body says which' })
  readyz() {
    return this.health.check([
      () => this.database(),
      () => this.redis(),
      () => this.migrations(),
      () => this.heartbeat(),
    ]);
  }

  private async database() {
    const check = this.indicators.check('database');
    try {
      await withTimeout(this.heartbeats.ping(), 3_000);
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  private async redis() {
    const check = this.indicators.check('redis');
    try {
      await withTimeout(this.queues.connection.ping(), 3_000);
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  private async migrations() {
    const check = this.indicators.check('migrations');
    try {
      const pending = await withTimeout(pendingMigrations(this.heartbeats.source), 3_000);
      return pending.length === 0
        ? check.up()
        : check.down({ message: 'pending migrations; run npm run migration:run', pending });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  // Informational: an API-only replica has no worker of its own, so an old heartbeat is not a reason to leave the load balancer.
  private async heartbeat() {
    const check = this.indicators.check('heartbeat');
    const last = await this.heartbeats.find(JobName.SystemHeartbeat).catch(() => null);
    if (!last) return check.up({ lastRunAt: null, note: 'no worker has run the heartbeat yet' });
    const ageSeconds = Math.round((Date.now() - last.lastRunAt.getTime()) / 1000);
    return check.up({
      lastRunAt: last.lastRunAt.toISOString(),
      ageSeconds,
      worker: last.workerId,
      runs: last.runs,
      stale: ageSeconds * 1000 > 3 * this.environment.HEARTBEAT_INTERVAL_MS,
    });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
