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

export interface RoomPort {
  readonly docId: string;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  savedState(): SavedState;
  /**
   * Binds an awareness client id to a member, if it may have it (SYNC-AWARE-1). Returns false when another open
   * connection owns it, another user used it in this room, or the entry is not newer than what the room knows.
   */
  claimAwarenessClient(member: RoomMember, clientId: number, clock: number): boolean;
  removeConnection(member: RoomMember): void;
}
