import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode } from './close-codes.ts';
import type { AwarenessEntry, ClientMessage } from './client-message.ts';
import { parseClientMessage } from './client-message.ts';
import {
  encodeAwareness,
  encodeAwarenessEntries,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
} from './frames.ts';
import type { ResolvedOptions } from './options.ts';
import type { RoomMember, RoomPort } from './room-port.ts';
import { encodeSavedNotice } from './saved-notice.ts';
import type { ConnectionContext, SyncSocket } from './types.ts';

type ConnectionState = 'waiting' | 'open' | 'closed';

/** Markers with the same target are stored once, so spamming subscribe frames costs no memory. */
interface MarkerGroup {
  target: number;
  count: number;
}

const PERMISSION_DENIED_REASON = 'read-only: this connection may not change the document';

/**
 * One client socket in a room. The transport calls `receive` for every frame and `handleClose` when the socket
 * closes; everything else is driven by the room.
 *
 * Per-connection rules live here: frame limits, the queue while the room loads, read-only enforcement, awareness
 * ownership and identity, saved-notice subscriptions and slow-consumer detection. A problem with this socket's
 * input closes this socket only; `receive` never throws.
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

  constructor(docId: string, socket: SyncSocket, context: ConnectionContext, options: ResolvedOptions) {
    this.docId = docId;
    this.socket = socket;
    this.context = context;
    this.options = options;
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
    if (this.socket.bufferedAmount > this.options.maxBufferedBytes) {
      this.reject(CloseCode.SLOW_CONSUMER, 'slow consumer', { bufferedAmount: this.socket.bufferedAmount });
      return;
    }
    try {
      this.socket.send(frame);
    } catch (error) {
      this.options.logger.warn({ err: error, docId: this.docId }, 'sync socket send failed; closing it');
      this.close(CloseCode.INTERNAL_ERROR, 'send failed');
    }
  }

  /** @internal Called by the room after every successful commit (SYNC-SAVED-2). */
  notifySaved(): void {
    if (this.savedSubscribed) this.sendSavedNotice();
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
        this.send(encodeSyncStep2(room.doc, message.stateVector));
        return;
      case 'sync-write':
        if (this.context.readOnly) this.dropReadOnlyWrite(room, message.update);
        else this.applyUpdate(room, message.update);
        return;
      case 'awareness':
        this.applyAwareness(room, message.entries);
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
   * nothing; only a write that would change the document earns the (single) notice.
   */
  private dropReadOnlyWrite(room: RoomPort, update: Uint8Array): void {
    if (this.permissionDeniedSent) return;
    if (Y.snapshotContainsUpdate(Y.snapshot(room.doc), update)) return;
    this.permissionDeniedSent = true;
    this.options.logger.info(
      { docId: this.docId, userId: this.context.userId, role: this.context.role },
      'sync dropped a change from a read-only connection',
    );
    this.send(encodePermissionDenied(PERMISSION_DENIED_REASON));
  }

  /** SYNC-AWARE-1..3: only the owned client id passes, with the server's idea of who the user is. */
  private applyAwareness(room: RoomPort, entries: AwarenessEntry[]): void {
    const accepted: AwarenessEntry[] = [];
    for (const entry of entries) {
      if (this.ownedClientId === null && room.claimAwarenessClient(this, entry.clientId, entry.clock)) {
        this.ownedClientId = entry.clientId;
      }
      // Foreign ids are routine: y-websocket clients echo every awareness change they see back to the server.
      if (entry.clientId !== this.ownedClientId) continue;
      accepted.push({ ...entry, state: this.bindIdentity(entry.state) });
    }
    if (accepted.length === 0) return;
    awarenessProtocol.applyAwarenessUpdate(room.awareness, encodeAwarenessEntries(accepted), this);
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
    this.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(room.awareness, clients)));
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
    let first = this.markerGroups[0];
    while (first !== undefined && first.target <= saved.committed) {
      this.markersAcknowledged += first.count;
      this.markerGroups.shift();
      first = this.markerGroups[0];
    }
    this.send(encodeSavedNotice({ stateVector: saved.stateVector, acknowledgedMarkers: this.markersAcknowledged }));
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
    this.queue = [];
    this.queuedBytes = 0;
    this.options.metric({ type: 'connection-closed', docId: this.docId, code });
    this.room?.removeConnection(this);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
