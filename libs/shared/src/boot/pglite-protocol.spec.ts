import {
  CANCEL_REQUEST_CODE,
  ClientFrame,
  ClientMessageReader,
  errorResponse,
  GSSENC_REQUEST_CODE,
  PROTOCOL_VERSION_3,
  ProtocolError,
  queryMessage,
  SSL_REQUEST_CODE,
  syncMessage,
} from './pglite-protocol';

function untyped(code: number, body = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(8);
  header.writeInt32BE(8 + body.length, 0);
  header.writeInt32BE(code, 4);
  return Buffer.concat([header, body]);
}

const startup = () => untyped(PROTOCOL_VERSION_3, Buffer.from('user\0postgres\0\0'));

function typed(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

function drain(sut: ClientMessageReader): ClientFrame[] {
  const frames: ClientFrame[] = [];
  for (let frame = sut.next(); frame; frame = sut.next()) frames.push(frame);
  return frames;
}

const kinds = (frames: ClientFrame[]) =>
  frames.map((frame) => (frame.kind === 'message' ? frame.type : frame.kind));

describe('ClientMessageReader', () => {
  it('recognises the SSL and GSSAPI requests before startup, then the startup message', () => {
    const sut = new ClientMessageReader();
    sut.push(Buffer.concat([untyped(SSL_REQUEST_CODE), untyped(GSSENC_REQUEST_CODE), startup()]));
    expect(kinds(drain(sut))).toEqual(['ssl-request', 'gssenc-request', 'startup']);
  });

  it('recognises a cancel request', () => {
    const sut = new ClientMessageReader();
    sut.push(untyped(CANCEL_REQUEST_CODE, Buffer.alloc(8)));
    expect(kinds(drain(sut))).toEqual(['cancel-request']);
  });

  it('splits one chunk holding a whole extended-protocol exchange into its messages', () => {
    const sut = new ClientMessageReader();
    sut.push(startup());
    drain(sut);
    const exchange = [
      typed('P', Buffer.from('\0SELECT $1\0\0\0')),
      typed('B', Buffer.from('\0\0\0\0\0\0\0\0')),
      typed('D', Buffer.from('P\0')),
      typed('E', Buffer.from('\0\0\0\0\0')),
      syncMessage(),
    ];
    sut.push(Buffer.concat(exchange));
    const frames = drain(sut);
    expect(kinds(frames)).toEqual(['P', 'B', 'D', 'E', 'S']);
    expect(frames.map((frame) => (frame as { bytes: Buffer }).bytes)).toEqual(exchange);
  });

  it('waits for the rest of a message cut across chunks, byte by byte', () => {
    const sut = new ClientMessageReader();
    const stream = Buffer.concat([startup(), queryMessage('SELECT 1'), syncMessage()]);
    const frames: ClientFrame[] = [];
    for (const byte of stream) {
      sut.push(Buffer.from([byte]));
      frames.push(...drain(sut));
    }
    expect(kinds(frames)).toEqual(['startup', 'Q', 'S']);
    expect((frames[1] as { bytes: Buffer }).bytes).toEqual(queryMessage('SELECT 1'));
  });

  it('refuses a typed message whose length is impossible', () => {
    const sut = new ClientMessageReader();
    sut.push(startup());
    drain(sut);
    const bad = Buffer.from([0x51, 0, 0, 0, 2]);
    sut.push(bad);
    expect(() => sut.next()).toThrow(ProtocolError);
  });

  it('refuses a startup packet of another protocol version', () => {
    const sut = new ClientMessageReader();
    sut.push(untyped(0x00020000, Buffer.alloc(4)));
    expect(() => sut.next()).toThrow(/unsupported protocol version 2\.0/);
  });
});

describe('server messages', () => {
  it('encodes an ErrorResponse with severity, code and message fields', () => {
    const sut = errorResponse('FATAL', '25P03', 'idle');
    expect(sut[0]).toBe('E'.charCodeAt(0));
    expect(sut.readInt32BE(1)).toBe(sut.length - 1);
    expect(sut.subarray(5).toString('latin1')).toBe('SFATAL\0VFATAL\0C25P03\0Midle\0\0');
  });
});
