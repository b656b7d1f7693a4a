/**
 * Message type numbers of the y-websocket protocol plus Parallax's one extension. Kept free of imports so the
 * browser client helper can share it with the server.
 *
 * Every frame starts with a varUint message type.
 */
export const MessageType = {
  /** y-protocols/sync: followed by a varUint sync sub-type. */
  Sync: 0,
  /** y-protocols/awareness: followed by a varUint8Array awareness update. */
  Awareness: 1,
  /** y-protocols/auth: server to client only (permission denied). */
  Auth: 2,
  /** Ask the peer for all awareness states it knows. */
  QueryAwareness: 3,
  /** Parallax "saved" notices; opt-in, see SPEC.md (SYNC-SAVED-*). */
  Saved: 100,
} as const;

/** Sub-types of MessageType.Sync. */
export const SyncMessageType = {
  Step1: 0,
  Step2: 1,
  Update: 2,
} as const;

/** Sub-types of MessageType.Auth. */
export const AuthMessageType = {
  PermissionDenied: 0,
} as const;
