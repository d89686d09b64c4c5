// `npm start`: API + workers + web UI in one process. Without DATABASE_URL it runs PGlite on
// DATA_DIR; without REDIS_URL it finds or starts a Redis.
import 'reflect-metadata';
import { printFirstRunSetupLink } from '@rca/accounts';
import { startServer } from '@rca/app';
import { prepareInfrastructure, runMain } from '@rca/shared';

runMain(async () => {
  const infrastructure = await prepareInfrastructure('embedded');
  const app = await startServer(infrastructure, {
    api: true,
    workers: true,
    port: infrastructure.environment.PORT,
  });
  const address = app.getHttpServer().address();
  await printFirstRunSetupLink(
    app,
    typeof address === 'object' && address ? address.port : infrastructure.environment.PORT,
  );
});
