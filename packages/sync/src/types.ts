/**
 * The seams of the sync server. Everything here is transport- and storage-agnostic: the server app adapts a `ws`
 * socket to SyncSocket, and packages/db provides a DocumentStore.
 */

/** The minimal socket a Connection needs. A `ws` WebSocket fits after a thin adapter. */
export interface SyncSocket {
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Bytes queued but not yet written to the network; used to detect slow consumers. */
  readonly bufferedAmount: number;
}

/** Who is on the other end of a connection, as established by the transport before any Yjs byte is read. */
export interface ConnectionContext {
  /** Stable user id; awareness states of this connection are bound to it. */
  userId: string;
  /** Display name written into the connection's awareness `user` field by the server. */
  userName: string;
  /** Per-incident role, decided by the app. The sync package only cares whether the role may write. */
  role: string;
  /** True when the connection may read but never change the document. */
  readOnly: boolean;
  /**
   * The app's id for the sign-in session that opened this socket, so that ending the session (logout, password
   * change) can close exactly its sockets. Opaque to the sync package.
   */
  sessionId?: string;
}

/** One row of the append-only update log. */
export interface StoredUpdate {
  seq: number;
  update: Uint8Array;
}

/** What a store holds for one document: the last checkpoint (if any) and the log after it, in seq order. */
export interface StoredDocument {
  checkpoint: Uint8Array | null;
  /** Highest seq folded into the checkpoint (0 when there is none). */
  checkpointSeq: number;
  updates: StoredUpdate[];
}

/**
 * Durable storage of one Y.Doc per document id: an append-only log of Yjs updates with sequence numbers, and a
 * checkpoint that compaction writes. Implementations must never lose an acknowledged append.
 */
export interface DocumentStore {
  load(docId: string): Promise<StoredDocument>;
  /** Appends updates in order within one transaction; resolves with the seq of the last one. */
  append(docId: string, updates: Uint8Array[]): Promise<number>;
  /**
   * Writes `state` as the checkpoint covering every update with seq <= uptoSeq and deletes those updates, in one
   * transaction. Updates appended after uptoSeq are kept.
   */
  compact(docId: string, state: Uint8Array, uptoSeq: number): Promise<void>;
  /**
   * Optional: what a reader that has applied every update up to `afterSeq` is missing: the updates after it, plus
   * the checkpoint (with its seq) when compaction folded some of them into it. A room uses it when its appends show
   * that another process appended to the same document (SYNC-COMPACT-5); without it such a room never compacts past
   * the first foreign update.
   */
  loadSince?(docId: string, afterSeq: number): Promise<StoredDocument>;
}
