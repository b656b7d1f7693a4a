import type { IncomingMessage, Server } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ConnectionContext, SyncServer } from '@parallax/sync';
import { canWrite, type IncidentAccess } from '../auth/incident-access.ts';
import { isSameOrigin, type OriginPolicy } from '../auth/origin.ts';
import { sessionTokenFromCookieHeader } from '../auth/session-cookie.ts';
import type { SessionManager } from '../auth/session-manager.ts';
import type { Logger } from '../logger.ts';

export interface SyncEndpointOptions {
  httpServer: Server;
  sync: SyncServer;
  sessions: SessionManager;
  access: IncidentAccess;
  originPolicy: OriginPolicy;
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
  const { httpServer, sync, sessions, access, originPolicy, logger } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes });
  const alive = new WeakMap<WebSocket, boolean>();

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node removes its own error listener before emitting 'upgrade'; while admit() awaits the database, a peer that
    // resets the connection would otherwise raise an unhandled 'error' and take the whole process down.
    const onEarlyError = (err: Error) => logger.debug({ err, url: request.url }, 'socket error during upgrade');
    socket.on('error', onEarlyError);
    admit(request)
      .then((admission) => {
        if (socket.destroyed) return;
        if ('reject' in admission) {
          rejectUpgrade(socket, admission.reject.status, admission.reject.message);
          return;
        }
        wss.handleUpgrade(request, socket, head, (ws) => {
          socket.off('error', onEarlyError);
          bind(ws, admission.incidentId, admission.context);
        });
      })
      .catch((err: unknown) => {
        logger.error({ err, url: request.url }, 'websocket upgrade failed');
        rejectUpgrade(socket, 500, 'Internal Server Error');
      });
  };

  /**
   * Session (401), then Origin (403: a page on another site must not ride the user's cookie into a socket), then the
   * incident role (404 when the user may not know the incident exists). Viewers are admitted read-only.
   */
  async function admit(
    request: IncomingMessage,
  ): Promise<{ incidentId: string; context: ConnectionContext } | { reject: { status: number; message: string } }> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const match = SYNC_PATH.exec(path);
    if (!match) return { reject: { status: 404, message: 'Not Found' } };
    const incidentId = decodeURIComponent(match[1] ?? '');

    const token = sessionTokenFromCookieHeader(request.headers.cookie);
    const auth = token ? await sessions.validate(token) : null;
    if (!auth) return { reject: { status: 401, message: 'Unauthorized' } };

    const origin = {
      protocol: (request.socket as Partial<TLSSocket>).encrypted ? 'https:' : 'http:',
      host: request.headers.host,
      forwardedProto: headerValue(request.headers['x-forwarded-proto']),
    };
    if (!isSameOrigin(headerValue(request.headers.origin), originPolicy, origin)) {
      return { reject: { status: 403, message: 'Forbidden' } };
    }

    const grant = UUID.test(incidentId) ? await access.resolve(incidentId, auth.user.id) : null;
    if (!grant) return { reject: { status: 404, message: 'Not Found' } };
    return {
      incidentId,
      context: {
        userId: auth.user.id,
        userName: auth.user.name,
        role: grant.role,
        readOnly: !canWrite(grant.role),
        sessionId: auth.session.id,
      },
    };
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
    /**
     * After the sync server has said goodbye, waits up to graceMs for peers to finish the closing handshake, then
     * cuts the rest: one unresponsive peer must not hold a shutdown for ws's 30 s close timeout.
     */
    async terminateRemaining(graceMs = 1_000) {
      const deadline = Date.now() + graceMs;
      while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      for (const ws of wss.clients) ws.terminate();
    },
  };
}

function rejectUpgrade(socket: Duplex, status: number, message: string) {
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${message}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }
  socket.destroy();
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
