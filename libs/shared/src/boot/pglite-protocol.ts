// Framing of the PostgreSQL wire protocol (v3) as a client sends it, for the embedded server.
// https://www.postgresql.org/docs/current/protocol-message-formats.html

export const PROTOCOL_VERSION_3 = 196608;
export const SSL_REQUEST_CODE = 80877103;
export const GSSENC_REQUEST_CODE = 80877104;
export const CANCEL_REQUEST_CODE = 80877102;

/** Anything larger is not a client message we can serve; the connection is refused. */
const MAX_MESSAGE_BYTES = 1 << 30;

export type ClientFrame =
  | { kind: 'ssl-request' }
  | { kind: 'gssenc-request' }
  | { kind: 'cancel-request' }
  | { kind: 'startup'; bytes: Buffer }
  /** A typed message after startup: `type` is its one-letter code ('Q', 'P', 'B', 'S', 'X', …). */
  | { kind: 'message'; type: string; bytes: Buffer };

export class ProtocolError extends Error {}

/**
 * Cuts a client's byte stream into whole messages. Before the startup message, frames carry no
 * type byte (SSLRequest, GSSENCRequest, CancelRequest, StartupMessage); after it every frame is
 * a type byte plus a length that counts itself.
 */
export class ClientMessageReader {
  private buffer: Buffer = Buffer.alloc(0);
  private started = false;

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
  }

  /** The next complete frame, or null until more bytes arrive. Throws ProtocolError on garbage. */
  next(): ClientFrame | null {
    if (!this.started) return this.nextUntyped();
    if (this.buffer.length < 5) return null;
    const length = this.buffer.readInt32BE(1);
    if (length < 4 || length > MAX_MESSAGE_BYTES)
      throw new ProtocolError(`invalid message length ${length}`);
    if (this.buffer.length < 1 + length) return null;
    const bytes = this.take(1 + length);
    return { kind: 'message', type: String.fromCharCode(bytes[0]), bytes };
  }

  private nextUntyped(): ClientFrame | null {
    if (this.buffer.length < 8) return null;
    const length = this.buffer.readInt32BE(0);
    const code = this.buffer.readInt32BE(4);
    if (length < 8 || length > 10_000)
      throw new ProtocolError(`invalid startup packet length ${length}`);
    if (this.buffer.length < length) return null;
    const bytes = this.take(length);
    if (code === SSL_REQUEST_CODE) return { kind: 'ssl-request' };
    if (code === GSSENC_REQUEST_CODE) return { kind: 'gssenc-request' };
    if (code === CANCEL_REQUEST_CODE) return { kind: 'cancel-request' };
    if (code !== PROTOCOL_VERSION_3)
      throw new ProtocolError(`unsupported protocol version ${code >> 16}.${code & 0xffff}`);
    this.started = true;
    return { kind: 'startup', bytes };
  }

  private take(count: number): Buffer {
    const bytes = this.buffer.subarray(0, count);
    this.buffer = this.buffer.subarray(count);
    return bytes;
  }
}

function typedMessage(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

const cString = (value: string) => Buffer.concat([Buffer.from(value, 'utf8'), Buffer.from([0])]);

/** Sync: ends an extended-protocol exchange (and leaves the "skip until Sync" error mode). */
export function syncMessage(): Buffer {
  return typedMessage('S', Buffer.alloc(0));
}

/** A simple Query message. */
export function queryMessage(sql: string): Buffer {
  return typedMessage('Q', cString(sql));
}

/** A server ErrorResponse, e.g. FATAL 25P03 before the server closes a connection. */
export function errorResponse(severity: 'ERROR' | 'FATAL', code: string, message: string): Buffer {
  return typedMessage(
    'E',
    Buffer.concat([
      Buffer.from('S'),
      cString(severity),
      Buffer.from('V'),
      cString(severity),
      Buffer.from('C'),
      cString(code),
      Buffer.from('M'),
      cString(message),
      Buffer.from([0]),
    ]),
  );
}
