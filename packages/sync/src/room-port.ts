/**
 * What a Connection needs from its Room. An interface rather than the Room class, so Connection and Room do not
 * import each other.
 */
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { ConnectionContext } from './types.ts';

/** The part of a connection the room keys its bookkeeping on. */
export interface RoomMember {
  readonly context: ConnectionContext;
}

export interface SavedState {
  /** State vector of the durably stored document. */
  stateVector: Uint8Array;
  /** Changes applied in memory so far (room-local count). */
  applied: number;
  /** Changes durably stored so far (room-local count). */
  committed: number;
}

/** One awareness entry a connection wants to claim its client id with. */
export interface AwarenessClaim {
  clientId: number;
  clock: number;
  /** The entry removes the state (`null`): a removal is never a claim. */
  leaving: boolean;
  /** The server has sent this connection a state for this id, so the entry may be an echo of it. */
  echoable: boolean;
}

export interface RoomPort {
  readonly docId: string;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  savedState(): SavedState;
  /**
   * The sync step 2 frame that answers a client that knows nothing (an empty state vector): encoded once per
   * document version and shared by every such client (SYNC-PROTO-3).
   */
  fullStateFrame(): Uint8Array;
  /**
   * Binds an awareness client id to a member, if it may have it (SYNC-AWARE-1, SYNC-AWARE-7). Returns false when
   * another open connection owns it, another user used it in this room, or the entry looks like an echo.
   */
  claimAwarenessClient(member: RoomMember, claim: AwarenessClaim): boolean;
  /**
   * The clock to apply an owned entry with: the one sent, or one past what the room knows when the room holds no
   * state for the id (a reclaim after a reconnect or a timeout), so every peer accepts it (SYNC-AWARE-7).
   */
  awarenessClock(clientId: number, clock: number, leaving: boolean): number;
  /** Reserves room-wide load-queue bytes (SYNC-LOAD-3); false when the room's cap would be exceeded. */
  reserveQueuedBytes(bytes: number): boolean;
  releaseQueuedBytes(bytes: number): void;
  removeConnection(member: RoomMember): void;
}
