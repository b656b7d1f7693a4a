/**
 * Every websocket close code the sync server (and the app around it) uses, in one place so clients, logs and tests
 * agree on their meaning.
 *
 * The unmodified y-websocket client (3.x) treats 4400-4499 as permanent: it stops reconnecting and emits `closed`.
 * Every other code makes it reconnect with backoff. So codes for "this client is broken or not allowed" live in
 * 44xx, codes for "try again later" live in 45xx, and standard codes are used where one fits.
 */
export const CloseCode = {
  /** A frame exceeded maxMessageBytes (standard "message too big"). */
  MESSAGE_TOO_LARGE: 1009,
  /** An unexpected server-side error while handling this connection's frame (standard "internal error"). */
  INTERNAL_ERROR: 1011,
  /** The server is shutting down; reconnect to the next process (standard "service restart"). */
  SHUTTING_DOWN: 1012,
  /** A frame could not be decoded (truncated, garbage, an update Yjs cannot read) or has a type clients may not send. */
  MALFORMED_MESSAGE: 4400,
  /** An awareness state larger than maxAwarenessStateBytes (HTTP's 413 "payload too large"). */
  AWARENESS_TOO_LARGE: 4413,
  /** Reserved for the app: no valid session. */
  UNAUTHORIZED: 4401,
  /** Reserved for the app: the user has no access to this document. */
  FORBIDDEN: 4403,
  /** Reserved for the app: the document does not exist. */
  NOT_FOUND: 4404,
  /**
   * Reserved for the app: the user's role changed, the client must reconnect to get the new role. It is in the
   * permanent range on purpose, so y-websocket does not silently reconnect; the app reconnects on `closed`.
   */
  MEMBERSHIP_CHANGED: 4409,
  /** The document could not be loaded from the store; nothing was written, reconnecting retries the load. */
  LOAD_FAILED: 4500,
  /** Too many frames (or bytes) arrived while the document was loading. */
  QUEUE_OVERFLOW: 4501,
  /** The socket's send buffer grew past maxBufferedBytes; the client reconnects and resyncs from scratch. */
  SLOW_CONSUMER: 4502,
} as const;

export type CloseCodeName = keyof typeof CloseCode;
export type CloseCodeValue = (typeof CloseCode)[CloseCodeName];

const namesByCode = new Map<number, CloseCodeName>(
  (Object.entries(CloseCode) as [CloseCodeName, number][]).map(([name, code]) => [code, name]),
);

/** The name of a close code, for logs and metrics labels; undefined for codes this file does not define. */
export function closeCodeName(code: number): CloseCodeName | undefined {
  return namesByCode.get(code);
}
