/**
 * A minimal stand-in for Slack's Socket Mode WebSocket endpoint (RFC 6455, text frames, ping/pong,
 * close): sends `hello` on connect, lets a test send envelopes and collects the client's acks.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

export interface SocketModeStandIn {
  /** ws://127.0.0.1:<port>/link */
  url: string;
  /** Messages the client sent (parsed JSON): acks are { envelope_id, payload }. */
  received: Record<string, any>[];
  /** Sends an envelope to the connected client. */
  send(envelope: Record<string, unknown>): void;
  connected(): boolean;
  /** While true, new connections are accepted but never answered (a handshake that hangs). */
  holdHandshakes: boolean;
  /** How many handshakes are held (the client is opening a WebSocket that does not open). */
  heldHandshakes(): number;
  waitFor(pred: (received: Record<string, any>[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (len >= 126 && len < 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 126;
    head.writeUInt16BE(len, 2);
  } else if (len >= 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([head, payload]);
}

export async function startSocketModeStandIn(): Promise<SocketModeStandIn> {
  const received: Record<string, any>[] = [];
  let socket: Duplex | null = null;
  const server: Server = createServer((_req, res) => {
    res.writeHead(426);
    res.end();
  });

  const held: Duplex[] = [];
  server.on('upgrade', (req, sock: Duplex) => {
    if (standIn.holdHandshakes) {
      held.push(sock);
      sock.on('error', () => undefined);
      return;
    }
    const key = req.headers['sec-websocket-key'];
    const accept = createHash('sha1').update(`${key}${GUID}`).digest('base64');
    sock.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket = sock;
    let buf = Buffer.alloc(0);
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (buf.length < 2) return;
        const opcode = buf[0] & 0x0f;
        const masked = (buf[1] & 0x80) !== 0;
        let len = buf[1] & 0x7f;
        let off = 2;
        if (len === 126) {
          if (buf.length < 4) return;
          len = buf.readUInt16BE(2);
          off = 4;
        } else if (len === 127) {
          if (buf.length < 10) return;
          len = Number(buf.readBigUInt64BE(2));
          off = 10;
        }
        const maskOff = off;
        if (masked) off += 4;
        if (buf.length < off + len) return;
        const payload = Buffer.from(buf.subarray(off, off + len));
        if (masked) for (let i = 0; i < len; i++) payload[i] ^= buf[maskOff + (i % 4)];
        buf = buf.subarray(off + len);
        if (opcode === 0x1) received.push(JSON.parse(payload.toString('utf8')) as Record<string, any>);
        else if (opcode === 0x9) sock.write(frame(0xa, payload));
        else if (opcode === 0x8) {
          sock.end(frame(0x8, payload.subarray(0, 2)));
          socket = null;
        }
      }
    });
    sock.on('error', () => undefined);
    sock.on('close', () => {
      if (socket === sock) socket = null;
    });
    sock.write(frame(0x1, Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' }, debug_info: { host: 'stand-in' } }))));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const standIn: SocketModeStandIn = {
    holdHandshakes: false,
    url: `ws://127.0.0.1:${port}/link`,
    received,
    send(envelope) {
      if (!socket) throw new Error('socket-mode stand-in: no client connected');
      socket.write(frame(0x1, Buffer.from(JSON.stringify(envelope))));
    },
    connected: () => socket !== null,
    heldHandshakes: () => held.length,
    async waitFor(pred, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (!pred(received)) {
        if (Date.now() > until) throw new Error(`socket-mode stand-in: condition not met within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        (socket as Duplex | null)?.destroy();
        for (const s of held) s.destroy();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
  return standIn;
}
