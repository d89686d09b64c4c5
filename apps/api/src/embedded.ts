// `npm start`: API + workers + web UI in one process. Without DATABASE_URL it runs PGlite on
// DATA_DIR; without REDIS_URL it finds or starts a Redis.
import 'reflect-metadata';
import { startServer } from '@rca/app';
import { prepareInfrastructure, runMain } from '@rca/shared';

runMain(async () => {
  const infrastructure = await prepareInfrastructure('embedded');
  await startServer(infrastructure, {
    api: true,
    workers: true,
    port: infrastructure.environment.PORT,
  });
});
