// Production API process: REST + OpenAPI + web UI, no job processors. Needs DATABASE_URL and REDIS_URL.
import 'reflect-metadata';
import { startServer } from '@rca/app';
import { prepareInfrastructure, runMain } from '@rca/shared';

runMain(async () => {
  const infrastructure = await prepareInfrastructure('api');
  await startServer(infrastructure, {
    api: true,
    workers: false,
    port: infrastructure.environment.PORT,
  });
});
