import { AddressInfo, createServer, Server, Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import {
  ClientFrame,
  ClientMessageReader,
  errorResponse,
  queryMessage,
  syncMessage,
} from './pglite-protocol';

export interface PgliteServerOptions {
  db: PGlite;
  /**
   * How long a connection may hold the database while it sits idle (in a transaction, or between
   * the messages of one extended-protocol exchange) and other connections wait. Past it the
   * holder's transaction is rolled back and its connection closed with FATAL 25P03.
   */
  idleInTransactionMs: number;
  log?: (message: string) => void;
}

interface Connection {
  id: number;
  socket: Socket;
  reader: ClientMessageReader;
  /** Inside its message loop (possibly waiting for its turn or for PGlite). */
  pumping: boolean;
  closed: boolean;
  finished?: Promise<void>;
  /** Resolves once the connection has let go of the database for good. */
  done: Promise<void>;
  markDone: () => void;
  /** Resolves the connection's pending wait for the database (true: it now holds it). */
  grant?: (granted: boolean) => void;
}

/**
 * The embedded database's wire-protocol server. PGlite is one Postgres backend, so connections
 * take turns: a connection holds the database from its first message until the answer to its
 * Sync or simple Query leaves the backend idle outside a transaction; the others wait in arrival
 * order. A holder that disconnects has its open transaction rolled back; one that stays idle while
 * others wait longer than `idleInTransactionMs` is rolled back and disconnected, so a stuck client
 * costs one failed request instead of a frozen database.
 */
export class PgliteServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  private holder: Connection | null = null;
  private readonly waiting: Connection[] = [];
  private idleTimer: NodeJS.Timeout | undefined;
  private nextId = 1;

  constructor(private readonly options: PgliteServerOptions) {
    this.server = createServer((socket) => this.accept(socket));
  }

  /** Listens on host:port (0 picks a free port) and returns the bound address. */
  async listen(host = '127.0.0.1', port = 0): Promise<{ host: string; port: number }> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    return { host: address.address, port: address.port };
  }

  /** Refuses new connections, closes the open ones and waits until each has let go of the database. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const open = [...this.connections];
    for (const connection of open) connection.socket.destroy();
    await Promise.all(open.map((connection) => connection.done));
    clearTimeout(this.idleTimer);
    await closed;
  }

  /** For tests and diagnostics. */
  stats() {
    return {
      connections: this.connections.size,
      holding: this.holder?.id ?? null,
      waiting: this.waiting.length,
    };
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    let markDone!: () => void;
    const done = new Promise<void>((resolve) => (markDone = resolve));
    const connection: Connection = {
      id: this.nextId++,
      socket,
      reader: new ClientMessageReader(),
      pumping: false,
      closed: false,
      done,
      markDone,
    };
    this.connections.add(connection);
    socket.on('data', (chunk: Buffer) => {
      if (connection.closed) return;
      connection.reader.push(chunk);
      // The holder is active again: it is not idle any more.
      if (this.holder === connection) this.disarmIdleTimer();
      void this.pump(connection);
    });
    socket.on('error', () => undefined); // 'close' follows
    socket.on('close', () => {
      connection.closed = true;
      this.stopWaiting(connection);
      if (!connection.pumping) void this.whenFinished(connection);
    });
  }

  private async pump(connection: Connection): Promise<void> {
    if (connection.pumping) return;
    connection.pumping = true;
    try {
      while (!connection.closed) {
        const frame = connection.reader.next();
        if (!frame) break;
        await this.handle(connection, frame);
      }
    } catch (error) {
      this.fail(connection, 'XX000', `embedded database: ${(error as Error).message}`);
    } finally {
      connection.pumping = false;
    }
    if (connection.closed) await this.whenFinished(connection);
    else this.armIdleTimer();
  }

  private async handle(connection: Connection, frame: ClientFrame): Promise<void> {
    switch (frame.kind) {
      case 'ssl-request':
      case 'gssenc-request':
        connection.socket.write('N'); // no encryption on loopback; the client goes on in clear
        return;
      case 'cancel-request':
        // PGlite has no backend to signal; the protocol expects no answer.
        connection.socket.destroy();
        return;
      case 'message':
        if (frame.type === 'X') {
          connection.socket.end(); // Terminate: never forwarded, PGlite would shut down
          return;
        }
        break;
      case 'startup':
        break;
    }
    if (!(await this.acquire(connection))) return;
    await this.execute(frame.bytes, (data) => {
      if (!connection.closed) connection.socket.write(data);
    });
    const exchangeEnds = frame.kind === 'startup' || frame.type === 'S' || frame.type === 'Q';
    if (exchangeEnds && !this.options.db.isInTransaction()) this.release(connection);
  }

  private execute(message: Uint8Array, onData: (data: Uint8Array) => void): Promise<void> {
    const { db } = this.options;
    return db.runExclusive(() =>
      db.execProtocolRawStream(message, { onRawData: (data) => onData(Buffer.from(data)) }),
    );
  }

  /** Waits for this connection's turn; false when it closed before getting it. */
  private acquire(connection: Connection): Promise<boolean> {
    if (this.holder === connection) return Promise.resolve(true);
    if (!this.holder && this.waiting.length === 0) {
      this.holder = connection;
      return Promise.resolve(true);
    }
    return new Promise<boolean>((resolve) => {
      connection.grant = resolve;
      this.waiting.push(connection);
      this.armIdleTimer();
    });
  }

  private release(connection: Connection): void {
    if (this.holder !== connection) return;
    this.disarmIdleTimer();
    this.holder = null;
    const next = this.waiting.shift();
    if (next) {
      this.holder = next;
      const grant = next.grant!;
      next.grant = undefined;
      grant(true);
    }
  }

  private stopWaiting(connection: Connection): void {
    const index = this.waiting.indexOf(connection);
    if (index === -1) return;
    this.waiting.splice(index, 1);
    const grant = connection.grant!;
    connection.grant = undefined;
    grant(false);
  }

  /** Starts the idle clock when the holder waits on its client while others wait on it. */
  private armIdleTimer(): void {
    const holder = this.holder;
    if (!holder || holder.pumping || holder.closed || this.waiting.length === 0) return;
    if (this.idleTimer) return;
    const limit = this.options.idleInTransactionMs;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.holder !== holder || holder.pumping || this.waiting.length === 0) return;
      this.options.log?.(
        `Embedded database: connection ${holder.id} stayed idle in a transaction for ${limit} ms while ${this.waiting.length} other(s) waited; rolled back and closed`,
      );
      this.fail(
        holder,
        '25P03',
        `terminating connection: idle in transaction for ${limit} ms while other connections waited (EMBEDDED_DB_IDLE_IN_TRANSACTION_MS)`,
      );
      void this.whenFinished(holder);
    }, limit);
    this.idleTimer.unref();
  }

  private disarmIdleTimer(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** Tells the client why with a FATAL error, then closes its connection. */
  private fail(connection: Connection, code: string, message: string): void {
    if (connection.closed) return;
    connection.closed = true;
    this.stopWaiting(connection);
    connection.socket.end(errorResponse('FATAL', code, message));
    setTimeout(() => connection.socket.destroy(), 1_000).unref();
  }

  /** Once per connection: rolls back what it left open and hands the database on. */
  private whenFinished(connection: Connection): Promise<void> {
    connection.finished ??= this.finish(connection);
    return connection.finished;
  }

  private async finish(connection: Connection): Promise<void> {
    this.stopWaiting(connection);
    if (this.holder === connection) {
      const { db } = this.options;
      try {
        // Sync leaves a half-done extended exchange (or its error mode); ROLLBACK ends the transaction.
        await this.execute(syncMessage(), () => undefined);
        if (db.isInTransaction()) await this.execute(queryMessage('ROLLBACK'), () => undefined);
      } catch (error) {
        this.options.log?.(
          `Embedded database: rollback after connection ${connection.id} closed failed: ${(error as Error).message}`,
        );
      }
      this.release(connection);
    }
    this.connections.delete(connection);
    connection.markDone();
  }
}
