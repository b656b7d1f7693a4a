import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ConnectionContext, SyncServer } from '@parallax/sync';
import type { IncidentRepository } from '@parallax/db';
import type { Logger } from '../logger.ts';

export interface SyncEndpointOptions {
  httpServer: Server;
  sync: SyncServer;
  incidents: IncidentRepository;
  logger: Logger;
  /** Frames above this are refused by ws itself (close 1009) before they are buffered whole. */
  maxFrameBytes: number;
  /** Dead peers (no pong within one interval) are terminated so their rooms can unload. */
  heartbeatMs?: number;
}

const SYNC_PATH = /^\/sync\/([^/?#]+)\/?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The websocket endpoint at /sync/:incidentId, compatible with the unmodified y-websocket provider
 * (`new WebsocketProvider('ws://host/sync', incidentId, doc)`). Everything that decides whether a socket may exist
 * happens here, on the HTTP upgrade, before a single Yjs byte is read; the sync package only sees admitted sockets.
 */
export function attachSyncEndpoint(options: SyncEndpointOptions) {
  const { httpServer, sync, incidents, logger } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes });
  const alive = new WeakMap<WebSocket, boolean>();

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    admit(request)
      .then((admission) => {
        if ('reject' in admission) {
          rejectUpgrade(socket, admission.reject.status, admission.reject.message);
          return;
        }
        wss.handleUpgrade(request, socket, head, (ws) => bind(ws, admission.incidentId, admission.context));
      })
      .catch((err: unknown) => {
        logger.error({ err, url: request.url }, 'websocket upgrade failed');
        rejectUpgrade(socket, 500, 'Internal Server Error');
      });
  };

  async function admit(
    request: IncomingMessage,
  ): Promise<{ incidentId: string; context: ConnectionContext } | { reject: { status: number; message: string } }> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const match = SYNC_PATH.exec(path);
    if (!match) return { reject: { status: 404, message: 'Not Found' } };
    const incidentId = decodeURIComponent(match[1] ?? '');
    if (!UUID.test(incidentId) || !(await incidents.get(incidentId))) {
      return { reject: { status: 404, message: 'Not Found' } };
    }
    // Accounts arrive with access control; until then every socket is a guest editor.
    return { incidentId, context: { userId: 'guest', userName: 'Guest', role: 'editor', readOnly: false } };
  }

  function bind(ws: WebSocket, incidentId: string, context: ConnectionContext) {
    ws.binaryType = 'nodebuffer';
    alive.set(ws, true);
    const connection = sync.handleConnection(
      incidentId,
      {
        send: (data) => ws.send(data),
        close: (code, reason) => ws.close(code, reason),
        get bufferedAmount() {
          return ws.bufferedAmount;
        },
      },
      context,
    );
    ws.on('message', (data: RawData) => connection.receive(toUint8Array(data)));
    ws.on('pong', () => alive.set(ws, true));
    ws.on('close', () => connection.handleClose());
    ws.on('error', (err) => logger.warn({ err, incidentId }, 'websocket error'));
  }

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  httpServer.on('upgrade', onUpgrade);

  return {
    /** Stops admitting sockets; the sync server closes the admitted ones when it shuts down. */
    close() {
      clearInterval(heartbeat);
      httpServer.off('upgrade', onUpgrade);
      wss.close();
    },
  };
}

function rejectUpgrade(socket: Duplex, status: number, message: string) {
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${message}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }
  socket.destroy();
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
