/**
 * In-memory sockets for sync tests, so they need no network:
 *
 * - MemorySocket: the server side of a socket, structurally a SyncSocket of @parallax/sync (this package must not
 *   import it). Records frames and the close, with a settable bufferedAmount.
 * - MemorySyncClient: a client-side Y.Doc + Awareness speaking the y-websocket protocol like the real provider,
 *   with delivery in both directions driven by the test (all at once, one frame at a time, or in random order).
 * - createMemoryWebSocket: a WebSocket class for `new WebsocketProvider(..., { WebSocketPolyfill })`, so the real,
 *   unmodified y-websocket client can be tested against a server in memory.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { SeededRandom } from './random.ts';

/** The server side of a connection as the transport sees it (structurally @parallax/sync's Connection). */
export interface SyncEndpoint {
  receive(data: Uint8Array): void;
  handleClose(): void;
}

/** The server's socket side; implements SyncSocket structurally. */
export class MemorySocket {
  /** Every frame the server sent, in order (copies). */
  readonly sent: Uint8Array[] = [];
  /** Settable, to simulate a client that stopped reading. */
  bufferedAmount = 0;
  closeCode: number | null = null;
  closeReason: string | null = null;
  /** Test hooks, called synchronously. */
  onSend: ((data: Uint8Array) => void) | null = null;
  onClose: ((code: number, reason: string) => void) | null = null;

  get closed(): boolean {
    return this.closeCode !== null;
  }

  send(data: Uint8Array): void {
    // Like ws after close: frames are not delivered any more.
    if (this.closed) return;
    const copy = data.slice();
    this.sent.push(copy);
    this.onSend?.(copy);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closeCode = code;
    this.closeReason = reason;
    this.onClose?.(code, reason);
  }

  /** Message types of the frames sent so far (the first varUint of each). */
  messageTypes(): number[] {
    return this.sent.map((frame) => decoding.readVarUint(decoding.createDecoder(frame)));
  }
}

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const MESSAGE_QUERY_AWARENESS = 3;
const MESSAGE_SAVED = 100;

export interface ReceivedSavedNotice {
  stateVector: Map<number, number>;
  acknowledgedMarkers: number;
}

export interface MemorySyncClientOptions {
  /** Defaults to a fresh Y.Doc. */
  doc?: Y.Doc;
  /** Local awareness state to announce; null (the default) announces none. */
  awarenessState?: Record<string, unknown> | null;
  /** Send the saved-notice subscribe frame ([100]) on every connect. */
  subscribeSaved?: boolean;
  /** Connect in the constructor (default true). */
  connect?: boolean;
}

/**
 * A client in memory that behaves like y-websocket's provider: on connect it sends sync step 1 and its awareness,
 * answers step 1 with step 2, forwards local document and awareness changes (awareness changes of every client,
 * as y-websocket does), answers awareness queries, and records auth and saved messages.
 *
 * Nothing moves by itself: frames wait in the two directions until `deliver*` or `settle` moves them.
 */
export class MemorySyncClient {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly permissionDenied: string[] = [];
  readonly savedNotices: ReceivedSavedNotice[] = [];
  readonly unknownMessages: number[] = [];
  /** True once a sync step 2 from the server was applied on the current connection. */
  synced = false;
  socket: MemorySocket | null = null;
  endpoint: SyncEndpoint | null = null;

  private readonly connectTo: (socket: MemorySocket) => SyncEndpoint;
  private readonly subscribeSaved: boolean;
  private toServer: Uint8Array[] = [];
  private readCursor = 0;
  private closeReported = false;

  constructor(connect: (socket: MemorySocket) => SyncEndpoint, options: MemorySyncClientOptions = {}) {
    this.connectTo = connect;
    this.doc = options.doc ?? new Y.Doc();
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(options.awarenessState ?? null);
    this.subscribeSaved = options.subscribeSaved ?? false;
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    if (options.connect ?? true) this.connect();
  }

  /** Open and not closed by either side. */
  get connected(): boolean {
    return this.socket !== null && !this.socket.closed && !this.closeReported;
  }

  /** The server's close of the current socket, if it closed it. */
  get closedWith(): { code: number; reason: string } | null {
    const socket = this.socket;
    if (socket === null || socket.closeCode === null) return null;
    return { code: socket.closeCode, reason: socket.closeReason ?? '' };
  }

  /** Frames waiting in either direction. */
  get pendingFrames(): number {
    const toClient = this.socket === null ? 0 : this.socket.sent.length - this.readCursor;
    return this.toServer.length + toClient;
  }

  /** Opens a new socket to the server and queues what y-websocket sends on open. */
  connect(): void {
    if (this.connected) return;
    const socket = new MemorySocket();
    this.socket = socket;
    this.readCursor = 0;
    this.toServer = [];
    this.closeReported = false;
    this.synced = false;
    this.endpoint = this.connectTo(socket);
    if (this.subscribeSaved) this.toServer.push(Uint8Array.of(MESSAGE_SAVED));
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(step1, this.doc);
    this.toServer.push(encoding.toUint8Array(step1));
    if (this.awareness.getLocalState() !== null) {
      this.toServer.push(this.awarenessFrame([this.doc.clientID]));
    }
  }

  /** The client goes away: the transport reports the close and remote presences are forgotten. */
  disconnect(): void {
    if (this.socket === null || this.closeReported) return;
    this.toServer = [];
    this.reportClose();
  }

  /** Queues an arbitrary frame to the server, e.g. garbage. */
  sendRaw(frame: Uint8Array): void {
    this.toServer.push(frame);
  }

  /** Subscribes to saved notices (again): every subscribe frame is also a marker. */
  sendSavedSubscribe(): void {
    this.toServer.push(Uint8Array.of(MESSAGE_SAVED));
  }

  /** Moves up to `limit` frames client -> server; returns how many moved. */
  deliverToServer(limit = Number.POSITIVE_INFINITY): number {
    let moved = 0;
    while (moved < limit && this.toServer.length > 0 && this.endpoint !== null && this.connected) {
      const frame = this.toServer.shift() as Uint8Array;
      this.endpoint.receive(frame);
      moved++;
    }
    return moved;
  }

  /** Processes up to `limit` frames server -> client; returns how many moved. Reports a server close after them. */
  deliverToClient(limit = Number.POSITIVE_INFINITY): number {
    const socket = this.socket;
    if (socket === null) return 0;
    let moved = 0;
    while (moved < limit && this.readCursor < socket.sent.length && !this.closeReported) {
      const frame = socket.sent[this.readCursor++] as Uint8Array;
      this.handleFrame(frame);
      moved++;
    }
    if (socket.closed && this.readCursor >= socket.sent.length && !this.closeReported) {
      this.reportClose();
      moved++;
    }
    return moved;
  }

  /** Moves every waiting frame, both directions, until nothing moves; returns how many moved. */
  deliverAll(): number {
    let total = 0;
    for (;;) {
      const moved = this.deliverToServer() + this.deliverToClient();
      if (moved === 0) return total;
      total += moved;
    }
  }

  destroy(): void {
    this.disconnect();
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private reportClose(): void {
    this.closeReported = true;
    this.endpoint?.handleClose();
    const remote = [...this.awareness.getStates().keys()].filter((client) => client !== this.doc.clientID);
    awarenessProtocol.removeAwarenessStates(this.awareness, remote, this);
  }

  private handleFrame(frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame);
    const encoder = encoding.createEncoder();
    const messageType = decoding.readVarUint(decoder);
    switch (messageType) {
      case MESSAGE_SYNC: {
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        const syncType = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
        if (syncType === syncProtocol.messageYjsSyncStep2) this.synced = true;
        break;
      }
      case MESSAGE_AWARENESS:
        awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
        break;
      case MESSAGE_AUTH:
        authProtocol.readAuthMessage(decoder, this.doc, (_doc, reason) => this.permissionDenied.push(reason));
        break;
      case MESSAGE_QUERY_AWARENESS:
        this.toServer.push(this.awarenessFrame([...this.awareness.getStates().keys()]));
        break;
      case MESSAGE_SAVED: {
        const stateVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
        const acknowledgedMarkers = decoding.hasContent(decoder) ? decoding.readVarUint(decoder) : 0;
        this.savedNotices.push({ stateVector, acknowledgedMarkers });
        break;
      }
      default:
        this.unknownMessages.push(messageType);
    }
    if (encoding.length(encoder) > 1) this.toServer.push(encoding.toUint8Array(encoder));
  }

  private awarenessFrame(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(encoder);
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this || !this.connected) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    this.toServer.push(encoding.toUint8Array(encoder));
  };

  private readonly onAwarenessUpdate = (change: { added: number[]; updated: number[]; removed: number[] }): void => {
    if (!this.connected) return;
    const clients = [...change.added, ...change.updated, ...change.removed];
    if (clients.length > 0) this.toServer.push(this.awarenessFrame(clients));
  };
}

// Captured at import, before a test installs fake timers, so settling still yields to the real event loop.
const realSetImmediate = globalThis.setImmediate;
const realSetTimeout = globalThis.setTimeout;

/** Yields one real macrotask: lets store promises and other async work of the server run. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}

export interface SettleOptions {
  /** Deliver one frame at a time, choosing client and direction at random (Yjs testHelper style). */
  random?: SeededRandom;
  /** Give up (throw) after this many rounds; default 10 000. */
  maxRounds?: number;
}

/**
 * Delivers frames until nothing moves and the server has had a chance to react: two consecutive rounds in which
 * no frame moved, with a real macrotask yield between rounds.
 */
export async function settle(clients: readonly MemorySyncClient[], options: SettleOptions = {}): Promise<void> {
  const maxRounds = options.maxRounds ?? 10_000;
  let quietRounds = 0;
  for (let round = 0; round < maxRounds; round++) {
    const moved = options.random ? deliverRandomly(clients, options.random) : deliverEverything(clients);
    quietRounds = moved === 0 ? quietRounds + 1 : 0;
    if (quietRounds >= 2) return;
    await nextMacrotask();
  }
  throw new Error(`settle: still delivering after ${maxRounds} rounds`);
}

function deliverEverything(clients: readonly MemorySyncClient[]): number {
  let moved = 0;
  for (const client of clients) moved += client.deliverAll();
  return moved;
}

function deliverRandomly(clients: readonly MemorySyncClient[], random: SeededRandom): number {
  let moved = 0;
  for (;;) {
    const waiting = clients.filter((client) => client.pendingFrames > 0);
    if (waiting.length === 0) return moved;
    const client = random.pick(waiting);
    const step = random.bool() ? client.deliverToServer(1) : client.deliverToClient(1);
    // A direction may be empty or blocked; fall back to the other so every pick makes progress.
    moved += step > 0 ? step : client.deliverToServer(1) + client.deliverToClient(1);
    if (moved > 0 && random.bool(0.1)) return moved;
  }
}

/** Minimal event shapes the y-websocket provider reads. */
interface MessageEventLike {
  data: ArrayBuffer;
}
interface CloseEventLike {
  code: number;
  reason: string;
  wasClean: boolean;
}

/**
 * A WebSocket class connected in memory: each instance calls `accept(url, socket)` to get the server endpoint.
 * Delivery is asynchronous (one real macrotask per frame, in order), like a network. Use with real timers.
 */
export function createMemoryWebSocket(accept: (url: string, socket: MemorySocket) => SyncEndpoint) {
  return class MemoryWebSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readonly CONNECTING = 0;
    readonly OPEN = 1;
    readonly CLOSING = 2;
    readonly CLOSED = 3;

    readonly url: string;
    readonly serverSocket = new MemorySocket();
    binaryType = 'arraybuffer';
    readyState = 0;
    onopen: ((event: object) => void) | null = null;
    onmessage: ((event: MessageEventLike) => void) | null = null;
    onclose: ((event: CloseEventLike) => void) | null = null;
    onerror: ((event: object) => void) | null = null;
    private endpoint: SyncEndpoint | null = null;

    constructor(url: string | URL) {
      this.url = String(url);
      this.serverSocket.onSend = (data) => {
        const buffer = data.slice().buffer;
        realSetImmediate(() => {
          if (this.readyState === this.OPEN) this.onmessage?.({ data: buffer });
        });
      };
      this.serverSocket.onClose = (code, reason) => {
        realSetImmediate(() => this.finish(code, reason));
      };
      realSetTimeout(() => {
        if (this.readyState !== this.CONNECTING) return;
        this.endpoint = accept(this.url, this.serverSocket);
        this.readyState = this.OPEN;
        this.onopen?.({});
      }, 0);
    }

    get bufferedAmount(): number {
      return this.serverSocket.bufferedAmount;
    }

    send(data: ArrayBufferLike | ArrayBufferView): void {
      if (this.readyState !== this.OPEN) throw new Error('MemoryWebSocket: send while not open');
      const bytes = ArrayBuffer.isView(data)
        ? new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength))
        : new Uint8Array(data.slice(0));
      realSetImmediate(() => {
        if (this.readyState === this.OPEN && !this.serverSocket.closed) this.endpoint?.receive(bytes);
      });
    }

    close(code = 1000, reason = ''): void {
      if (this.readyState === this.CLOSING || this.readyState === this.CLOSED) return;
      this.readyState = this.CLOSING;
      realSetImmediate(() => this.finish(code, reason));
    }

    private finish(code: number, reason: string): void {
      if (this.readyState === this.CLOSED) return;
      this.readyState = this.CLOSED;
      const endpoint = this.endpoint;
      this.endpoint = null;
      endpoint?.handleClose();
      this.onclose?.({ code, reason, wasClean: true });
    }
  };
}
