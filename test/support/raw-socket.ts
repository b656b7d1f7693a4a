/**
 * A bare `ws` socket on /sync/:incidentId that speaks the y-websocket byte format by hand, for tests that must send
 * what no well-behaved provider would (forged awareness, writes from a viewer) and see exactly what comes back.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket, type RawData } from 'ws';
import { MessageType, SyncMessageType } from '@parallax/sync';

export interface UpgradeHeaders {
  cookie?: string;
  origin?: string;
}

export interface RawSyncSocket {
  /** Every frame received so far, in order. */
  frames: Uint8Array[];
  send(frame: Uint8Array): void;
  /** Resolves with the close code and reason once the server (or we) closed the socket. */
  closed: Promise<{ code: number; reason: string }>;
  /**
   * Sends a sync step 1 and waits for its step 2 answer. The server handles a socket's frames in order, so once the
   * answer arrives everything sent before it has been handled.
   */
  barrier(): Promise<void>;
  close(): void;
}

function syncUrl(serverUrl: string, incidentId: string): string {
  return `${serverUrl.replace(/^http/, 'ws')}/sync/${incidentId}`;
}

/** The HTTP status of the upgrade: 101 when admitted (the socket is closed again at once). */
export function upgradeStatus(serverUrl: string, incidentId: string, headers: UpgradeHeaders): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(syncUrl(serverUrl, incidentId), { headers: { ...headers } });
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      resolve(101);
      socket.close();
    });
    socket.on('error', () => {
      // A refused upgrade is also reported as an error; the status above is what the tests assert.
    });
  });
}

/** Opens an admitted socket; rejects with the status if the upgrade is refused. */
export function openRawSocket(serverUrl: string, incidentId: string, headers: UpgradeHeaders): Promise<RawSyncSocket> {
  const socket = new WebSocket(syncUrl(serverUrl, incidentId), { headers: { ...headers } });
  const frames: Uint8Array[] = [];
  const listeners = new Set<() => void>();
  socket.on('message', (data: RawData) => {
    frames.push(new Uint8Array(Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[])));
    for (const listener of [...listeners]) listener();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  socket.on('error', () => {
    // Close events carry what the tests assert; errors (e.g. a refused upgrade) are reported through them.
  });
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`upgrade refused: ${response.statusCode}`)),
    );
    socket.once('open', () =>
      resolve({
        frames,
        closed,
        send: (frame) => socket.send(frame),
        close: () => socket.close(),
        barrier: () =>
          new Promise<void>((done) => {
            const before = frames.length;
            const check = () => {
              if (frames.slice(before).some((frame) => syncSubType(frame) === SyncMessageType.Step2)) {
                listeners.delete(check);
                done();
              }
            };
            listeners.add(check);
            socket.send(syncStep1Frame());
          }),
      }),
    );
  });
}

/** Sync step 1 with an empty state vector: "send me everything". */
function syncStep1Frame(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, SyncMessageType.Step1);
  encoding.writeVarUint8Array(encoder, Uint8Array.of(0));
  return encoding.toUint8Array(encoder);
}

export function messageType(frame: Uint8Array): number {
  return decoding.readVarUint(decoding.createDecoder(frame));
}

function syncSubType(frame: Uint8Array): number | null {
  const decoder = decoding.createDecoder(frame);
  if (decoding.readVarUint(decoder) !== MessageType.Sync) return null;
  return decoding.readVarUint(decoder);
}

/** A sync frame carrying a Yjs update: sub-type 2 (update) or 1 (sync step 2). */
export function writeFrame(update: Uint8Array, kind: 'update' | 'step2'): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, kind === 'update' ? SyncMessageType.Update : SyncMessageType.Step2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An awareness frame with hand-picked client ids, clocks and states. */
export function awarenessFrame(entries: { clientId: number; clock: number; state: unknown }[]): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(update, entry.clientId);
    encoding.writeVarUint(update, entry.clock);
    encoding.writeVarString(update, JSON.stringify(entry.state));
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
  return encoding.toUint8Array(encoder);
}

/** The awareness states (client id → state) in the awareness frames received, the latest winning. */
export function awarenessStates(frames: readonly Uint8Array[]): Map<number, unknown> {
  const states = new Map<number, unknown>();
  for (const frame of frames) {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MessageType.Awareness) continue;
    const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
    const count = decoding.readVarUint(update);
    for (let i = 0; i < count; i += 1) {
      const clientId = decoding.readVarUint(update);
      decoding.readVarUint(update);
      states.set(clientId, JSON.parse(decoding.readVarString(update)) as unknown);
    }
  }
  return states;
}
