// Production worker process: BullMQ processors and schedulers; HTTP only for /healthz, /readyz and /metrics.
import 'reflect-metadata';
import { startServer } from '@rca/app';
import { prepareInfrastructure, runMain } from '@rca/shared';

runMain(async () => {
  const infrastructure = await prepareInfrastructure('worker');
  await startServer(infrastructure, {
    api: false,
    workers: true,
    port: infrastructure.environment.WORKER_PORT,
  });
});
