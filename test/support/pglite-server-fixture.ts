// A PgliteServer on an in-memory PGlite in its own process (PGlite needs native dynamic import,
// which Jest's VM does not offer). Prints "listening <port>" once ready; stops on stdin end.
import { PGlite } from '@electric-sql/pglite';
import { PgliteServer } from '../../libs/shared/src/boot/pglite-server';

async function main() {
  const db = await PGlite.create();
  await db.exec(`CREATE TABLE note (id serial PRIMARY KEY, body text NOT NULL)`);
  const server = new PgliteServer({
    db,
    idleInTransactionMs: Number(process.env.IDLE_IN_TRANSACTION_MS ?? 5_000),
    log: (message) => process.stderr.write(`${message}\n`),
  });
  const { port } = await server.listen('127.0.0.1', 0);
  process.stdout.write(`listening ${port}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    void server
      .close()
      .then(() => db.close())
      .then(() => process.exit(0));
  });
}

void main();
