export type SyncErrorCode = 'LOAD_FAILED' | 'SHUTTING_DOWN' | 'ROOM_CLOSED';

/** Rejections of the SyncServer's promise API that callers (HTTP routes) may want to map to a response. */
export class SyncError extends Error {
  readonly code: SyncErrorCode;

  constructor(code: SyncErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SyncError';
    this.code = code;
  }
}
