import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode } from './close-codes.ts';
import type { ClientMessage, DecodedUpdate, RawAwarenessEntry } from './client-message.ts';
import { parseAwarenessState, parseClientMessage } from './client-message.ts';
import {
  encodeAwareness,
  encodeAwarenessEntries,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  KEEP_ALIVE_FRAME,
} from './frames.ts';
import type { ResolvedOptions } from './options.ts';
import { TokenBucket } from './RateLimiter.ts';
import type { RoomMember, RoomPort } from './room-port.ts';
import { encodeSavedNotice } from './saved-notice.ts';
import type { ConnectionContext, SyncSocket } from './types.ts';
import { wouldChangeDocument } from './update-effect.ts';

type ConnectionState = 'waiting' | 'open' | 'closed';

/** Markers with the same target are stored once, so spamming subscribe frames costs no memory. */
interface MarkerGroup {
  target: number;
  count: number;
}

interface PendingStep1 {
  stateVector: Uint8Array;
  knowsNothing: boolean;
}

const PERMISSION_DENIED_REASON = 'read-only: this connection may not change the document';
/** The JSON text `null`: an awareness entry that removes its state. */
const NULL_JSON = Uint8Array.of(0x6e, 0x75, 0x6c, 0x6c);

/**
 * One client socket in a room. The transport calls `receive` for every frame and `handleClose` when the socket
 * closes; everything else is driven by the room.
 *
 * Per-connection rules live here: frame limits, the queue while the room loads, read-only enforcement, awareness
 * ownership, identity, size and rate, sync step 1 rate, saved-notice subscriptions and slow-consumer detection. A
 * problem with this socket's input closes this socket only; `receive` never throws.
 */
export class Connection implements RoomMember {
  readonly docId: string;
  readonly context: ConnectionContext;
  private readonly socket: SyncSocket;
  private readonly options: ResolvedOptions;
  private room: RoomPort | null = null;
  private state: ConnectionState = 'waiting';
  private queue: Uint8Array[] = [];
  private queuedBytes = 0;
  private ownedClientId: number | null = null;
  private permissionDeniedSent = false;
  private savedSubscribed = false;
  private markerGroups: MarkerGroup[] = [];
  private markersAcknowledged = 0;
  private closedWith: number | null = null;
  private readonly step1Bucket: TokenBucket;
  private pendingStep1: PendingStep1 | null = null;
  private step1Timer: ReturnType<typeof setTimeout> | null = null;
  private readonly awarenessBucket: TokenBucket;
  private pendingAwareness: RawAwarenessEntry | null = null;
  private awarenessTimer: ReturnType<typeof setTimeout> | null = null;
  /** Awareness client ids the server sent this connection a state of: its entries for them may be echoes. */
  private readonly announcedAwareness = new Set<number>();
  private lastSentAt = Date.now();

  constructor(docId: string, socket: SyncSocket, context: ConnectionContext, options: ResolvedOptions) {
    this.docId = docId;
    this.socket = socket;
    this.context = context;
    this.options = options;
    this.step1Bucket = new TokenBucket(options.syncStep1Rate);
    this.awarenessBucket = new TokenBucket(options.awarenessRate);
  }

  /** True once the server closed the socket or the transport reported it closed. */
  get closed(): boolean {
    return this.state === 'closed';
  }

  /** The close code the server used, or null (still open, or closed by the peer). */
  get closeCode(): number | null {
    return this.closedWith;
  }

  /** The awareness client id this connection may speak for, once it announced one (SYNC-AWARE-1). */
  get awarenessClientId(): number | null {
    return this.ownedClientId;
  }

  /** True once a change from this read-only connection was dropped (SYNC-RO-2, SYNC-SAVED-6). */
  get writeRejected(): boolean {
    return this.permissionDeniedSent;
  }

  /** Frame from the client. Never throws (SYNC-INPUT-4). */
  receive(data: Uint8Array): void {
    if (this.state === 'closed') return;
    try {
      if (data.byteLength > this.options.maxMessageBytes) {
        this.reject(CloseCode.MESSAGE_TOO_LARGE, 'message too large', { bytes: data.byteLength });
        return;
      }
      if (this.state === 'waiting') {
        this.enqueue(data);
        return;
      }
      this.handleFrame(data);
    } catch (error) {
      this.fail(error);
    }
  }

  /** The transport saw the socket close. Idempotent. */
  handleClose(): void {
    if (this.state === 'closed') return;
    this.finish(null);
  }

  /** Closes the socket with a code from close-codes.ts. Idempotent. */
  close(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.finish(code);
    try {
      this.socket.close(code, reason);
    } catch (error) {
      this.options.logger.warn({ err: error, docId: this.docId, code }, 'sync socket close failed');
    }
  }

  /** @internal Called by the room when it starts serving this connection. */
  attach(room: RoomPort): void {
    this.room = room;
  }

  /** @internal Called by the room once the document is loaded (SYNC-LOAD-1, SYNC-PROTO-2). */
  start(): void {
    const room = this.room;
    if (this.state !== 'waiting' || room === null) return;
    this.state = 'open';
    this.send(encodeSyncStep1(room.doc));
    this.sendAllAwareness(room);
    const queued = this.queue;
    room.releaseQueuedBytes(this.queuedBytes);
    this.queue = [];
    this.queuedBytes = 0;
    for (const frame of queued) {
      if (this.closed) return;
      try {
        this.handleFrame(frame);
      } catch (error) {
        this.fail(error);
      }
    }
  }

  /** @internal Sends a frame, closing a socket that stopped reading instead of buffering forever (SYNC-SLOW-1). */
  send(frame: Uint8Array): void {
    if (this.state === 'closed') return;
    if (!this.canSend()) return;
    try {
      this.socket.send(frame);
      this.lastSentAt = Date.now();
    } catch (error) {
      this.options.logger.warn({ err: error, docId: this.docId }, 'sync socket send failed; closing it');
      this.close(CloseCode.INTERNAL_ERROR, 'send failed');
    }
  }

  /** @internal An awareness frame from the room about `clients`: remembered, so their echoes are not claims. */
  sendAwareness(frame: Uint8Array, clients: readonly number[]): void {
    for (const client of clients) this.announcedAwareness.add(client);
    this.send(frame);
  }

  /** @internal The room forgot this awareness id (SYNC-AWARE-9), so the connection need not remember it either. */
  forgetAwareness(clientId: number): void {
    this.announcedAwareness.delete(clientId);
  }

  /** @internal Called by the room's keep-alive tick (SYNC-PROTO-7). */
  keepAlive(now: number, idleMs: number): void {
    if (this.state !== 'open' || now - this.lastSentAt < idleMs) return;
    this.send(KEEP_ALIVE_FRAME);
  }

  /** @internal Called by the room after every successful commit (SYNC-SAVED-2). */
  notifySaved(): void {
    if (this.savedSubscribed) this.sendSavedNotice();
  }

  /** SYNC-SLOW-1: checked before anything is encoded for this socket, and again before each send. */
  private canSend(): boolean {
    if (this.socket.bufferedAmount <= this.options.maxBufferedBytes) return true;
    this.reject(CloseCode.SLOW_CONSUMER, 'slow consumer', { bufferedAmount: this.socket.bufferedAmount });
    return false;
  }

  private enqueue(frame: Uint8Array): void {
    if (
      this.queue.length + 1 > this.options.maxQueuedMessages ||
      this.queuedBytes + frame.byteLength > this.options.maxQueuedBytes
    ) {
      this.reject(CloseCode.QUEUE_OVERFLOW, 'too many messages while loading', {
        queuedMessages: this.queue.length,
        queuedBytes: this.queuedBytes,
      });
      return;
    }
    if (this.room !== null && !this.room.reserveQueuedBytes(frame.byteLength)) {
      this.reject(CloseCode.QUEUE_OVERFLOW, 'too many messages for the document while loading', {
        queuedBytes: this.queuedBytes,
      });
      return;
    }
    // The transport may reuse its buffer once receive returns; the queue outlives this call.
    this.queue.push(frame.slice());
    this.queuedBytes += frame.byteLength;
  }

  private handleFrame(frame: Uint8Array): void {
    const room = this.room;
    if (room === null) return;
    let message: ClientMessage;
    try {
      message = parseClientMessage(frame);
    } catch (error) {
      this.reject(CloseCode.MALFORMED_MESSAGE, 'malformed message', { err: error, bytes: frame.byteLength });
      return;
    }
    switch (message.kind) {
      case 'sync-step1':
        this.answerStep1(room, { stateVector: message.stateVector, knowsNothing: message.knowsNothing });
        return;
      case 'sync-write':
        if (this.context.readOnly) this.dropReadOnlyWrite(room, message.decoded);
        else this.applyUpdate(room, message.update);
        return;
      case 'awareness':
        this.receiveAwareness(room, message.entries);
        return;
      case 'query-awareness':
        this.sendAllAwareness(room);
        return;
      case 'saved-subscribe':
        this.subscribeSaved(room);
        return;
      case 'unsupported':
        this.reject(CloseCode.MALFORMED_MESSAGE, 'unsupported message type', { messageType: message.messageType });
        return;
    }
  }

  /**
   * SYNC-PROTO-3 with SYNC-SLOW-2: at most `syncStep1Rate` answers; a step 1 beyond it waits for the next token,
   * and only the newest waiting one is answered (one answer pending at most), since any step 2 syncs the client.
   */
  private answerStep1(room: RoomPort, step1: PendingStep1): void {
    if (this.pendingStep1 !== null || !this.step1Bucket.take()) {
      this.pendingStep1 = { stateVector: step1.stateVector.slice(), knowsNothing: step1.knowsNothing };
      this.scheduleStep1();
      return;
    }
    this.sendStep2(room, step1);
  }

  private sendStep2(room: RoomPort, step1: PendingStep1): void {
    // Checked before encoding: a socket that stopped reading costs no encode (SYNC-SLOW-1).
    if (!this.canSend()) return;
    this.send(step1.knowsNothing ? room.fullStateFrame() : encodeSyncStep2(room.doc, step1.stateVector));
  }

  private scheduleStep1(): void {
    if (this.step1Timer !== null) return;
    this.step1Timer = setTimeout(() => {
      this.step1Timer = null;
      const pending = this.pendingStep1;
      const room = this.room;
      if (pending === null || room === null || this.state !== 'open') return;
      if (!this.step1Bucket.take()) {
        this.scheduleStep1();
        return;
      }
      this.pendingStep1 = null;
      try {
        this.sendStep2(room, pending);
      } catch (error) {
        this.fail(error);
      }
    }, this.step1Bucket.waitMs());
  }

  private applyUpdate(room: RoomPort, update: Uint8Array): void {
    try {
      // Origin `this`: the room broadcasts to everyone but the sender (SYNC-PROTO-4).
      Y.applyUpdate(room.doc, update, this);
    } catch (error) {
      this.reject(CloseCode.MALFORMED_MESSAGE, 'update could not be applied', { err: error, bytes: update.byteLength });
    }
  }

  /**
   * SYNC-RO-1/2. Every y-websocket client answers the server's step 1 with a step 2, usually one that changes
   * nothing; only a write that would change the document earns the (single) notice. The check compares the
   * decoded update with the document's state (no snapshot of the document per frame).
   */
  private dropReadOnlyWrite(room: RoomPort, decoded: DecodedUpdate): void {
    if (this.permissionDeniedSent) return;
    if (!wouldChangeDocument(room.doc, decoded)) return;
    this.permissionDeniedSent = true;
    this.options.logger.info(
      { docId: this.docId, userId: this.context.userId, role: this.context.role },
      'sync dropped a change from a read-only connection',
    );
    this.send(encodePermissionDenied(PERMISSION_DENIED_REASON));
    // SYNC-SAVED-6: a subscriber learns at once that its changes will not be stored.
    if (this.savedSubscribed) this.sendSavedNotice();
  }

  /**
   * SYNC-AWARE-1..3, 6..8: only the owned client id passes, with the server's idea of who the user is. Entries for
   * other ids are skipped without parsing their JSON; an owned state is size-capped and rate-limited (the newest
   * waiting state wins).
   */
  private receiveAwareness(room: RoomPort, entries: RawAwarenessEntry[]): void {
    let owned: RawAwarenessEntry | null = null;
    for (const entry of entries) {
      if (
        this.ownedClientId === null &&
        room.claimAwarenessClient(this, {
          clientId: entry.clientId,
          clock: entry.clock,
          leaving: isNullJson(entry.stateJson),
          echoable: this.announcedAwareness.has(entry.clientId),
        })
      ) {
        this.ownedClientId = entry.clientId;
      }
      // Foreign ids are routine: y-websocket clients echo every awareness change they see back to the server.
      if (entry.clientId === this.ownedClientId) owned = entry;
    }
    if (owned === null) return;
    if (owned.stateJson.byteLength > this.options.maxAwarenessStateBytes) {
      this.reject(CloseCode.AWARENESS_TOO_LARGE, 'awareness state too large', { bytes: owned.stateJson.byteLength });
      return;
    }
    if (this.pendingAwareness !== null || !this.awarenessBucket.take()) {
      this.pendingAwareness = { ...owned, stateJson: owned.stateJson.slice() };
      this.scheduleAwareness();
      return;
    }
    this.applyAwareness(room, owned);
  }

  private scheduleAwareness(): void {
    if (this.awarenessTimer !== null) return;
    this.awarenessTimer = setTimeout(() => {
      this.awarenessTimer = null;
      const pending = this.pendingAwareness;
      const room = this.room;
      if (pending === null || room === null || this.state !== 'open') return;
      if (!this.awarenessBucket.take()) {
        this.scheduleAwareness();
        return;
      }
      this.pendingAwareness = null;
      try {
        this.applyAwareness(room, pending);
      } catch (error) {
        this.fail(error);
      }
    }, this.awarenessBucket.waitMs());
  }

  private applyAwareness(room: RoomPort, entry: RawAwarenessEntry): void {
    let state: unknown;
    try {
      state = parseAwarenessState(entry.stateJson);
    } catch (error) {
      this.reject(CloseCode.MALFORMED_MESSAGE, 'malformed message', { err: error, bytes: entry.stateJson.byteLength });
      return;
    }
    const clock = room.awarenessClock(entry.clientId, entry.clock, state === null);
    const update = encodeAwarenessEntries([{ clientId: entry.clientId, clock, state: this.bindIdentity(state) }]);
    awarenessProtocol.applyAwarenessUpdate(room.awareness, update, this);
  }

  private bindIdentity(state: unknown): unknown {
    if (state === null) return null;
    const identity = { id: this.context.userId, name: this.context.userName, role: this.context.role };
    if (!isRecord(state)) return { user: identity };
    const user = isRecord(state.user) ? state.user : {};
    return { ...state, user: { ...user, ...identity } };
  }

  private sendAllAwareness(room: RoomPort): void {
    const clients = [...room.awareness.getStates().keys()];
    if (clients.length === 0) return;
    this.sendAwareness(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(room.awareness, clients)), clients);
  }

  /** SYNC-SAVED-1/4: each subscribe frame is also a marker, acknowledged once what preceded it is stored. */
  private subscribeSaved(room: RoomPort): void {
    this.savedSubscribed = true;
    const target = room.savedState().applied;
    const last = this.markerGroups.at(-1);
    if (last !== undefined && last.target === target) last.count++;
    else this.markerGroups.push({ target, count: 1 });
    this.sendSavedNotice();
  }

  private sendSavedNotice(): void {
    const room = this.room;
    if (room === null) return;
    const saved = room.savedState();
    // SYNC-SAVED-6: once a change of this connection was dropped, no marker of it is acknowledged any more.
    const rejected = this.permissionDeniedSent;
    let first = this.markerGroups[0];
    while (!rejected && first !== undefined && first.target <= saved.committed) {
      this.markersAcknowledged += first.count;
      this.markerGroups.shift();
      first = this.markerGroups[0];
    }
    if (rejected) this.markerGroups = [];
    this.send(
      encodeSavedNotice({ stateVector: saved.stateVector, acknowledgedMarkers: this.markersAcknowledged, rejected }),
    );
  }

  /** Closes this socket for something it sent or failed to read, and logs why. */
  private reject(code: number, reason: string, details: object): void {
    this.options.logger.warn(
      { ...details, docId: this.docId, userId: this.context.userId, code },
      `sync closing connection: ${reason}`,
    );
    this.close(code, reason);
  }

  /** An unexpected error (a bug, not bad input) while handling this socket: log it and drop only this socket. */
  private fail(error: unknown): void {
    this.options.logger.error(
      { err: error, docId: this.docId, userId: this.context.userId },
      'sync connection failed while handling a frame',
    );
    this.close(CloseCode.INTERNAL_ERROR, 'internal error');
  }

  private finish(code: number | null): void {
    this.state = 'closed';
    this.closedWith = code;
    this.room?.releaseQueuedBytes(this.queuedBytes);
    this.queue = [];
    this.queuedBytes = 0;
    this.pendingStep1 = null;
    this.pendingAwareness = null;
    if (this.step1Timer !== null) clearTimeout(this.step1Timer);
    if (this.awarenessTimer !== null) clearTimeout(this.awarenessTimer);
    this.step1Timer = null;
    this.awarenessTimer = null;
    this.options.metric({ type: 'connection-closed', docId: this.docId, code });
    this.room?.removeConnection(this);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNullJson(bytes: Uint8Array): boolean {
  // Tolerates surrounding whitespace, which JSON allows.
  let start = 0;
  let end = bytes.byteLength;
  while (start < end && isJsonSpace(bytes[start] as number)) start++;
  while (end > start && isJsonSpace(bytes[end - 1] as number)) end--;
  if (end - start !== NULL_JSON.byteLength) return false;
  for (let index = 0; index < NULL_JSON.byteLength; index++) {
    if (bytes[start + index] !== NULL_JSON[index]) return false;
  }
  return true;
}

function isJsonSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}
