/**
 * Byte format of the "saved" extension (SPEC.md, SYNC-SAVED-*). Shared by the server and the browser helper, so it
 * imports only lib0.
 *
 *   client -> server  [varUint 100]
 *       Subscribe, and at the same time a marker: the n-th such frame on a connection is marker n.
 *   server -> client  [varUint 100][varUint8Array stateVector][varUint acknowledgedMarkers][varUint flags]?
 *       stateVector: Y.encodeStateVector of the document state that is durably stored.
 *       acknowledgedMarkers: how many of this connection's markers have every change the server had applied before
 *       receiving them durably stored (markers let a client confirm deletions, which state vectors cannot show).
 *       flags (omitted when 0): bit 0 `rejected`, the server dropped a change from this connection (read-only), so
 *       its changes will never be stored and its markers are no longer acknowledged.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from './message-types.ts';

export interface SavedNotice {
  stateVector: Uint8Array;
  acknowledgedMarkers: number;
  /** The server dropped a change from this connection (SYNC-SAVED-6). Absent means false. */
  rejected?: boolean;
}

const FLAG_REJECTED = 1;

export function encodeSavedSubscribe(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Saved);
  return encoding.toUint8Array(encoder);
}

export function encodeSavedNotice(notice: SavedNotice): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Saved);
  encoding.writeVarUint8Array(encoder, notice.stateVector);
  encoding.writeVarUint(encoder, notice.acknowledgedMarkers);
  const flags = notice.rejected ? FLAG_REJECTED : 0;
  // Omitted when zero: the notice of an ordinary connection keeps the original three-field layout.
  if (flags !== 0) encoding.writeVarUint(encoder, flags);
  return encoding.toUint8Array(encoder);
}

/** Reads a notice body from a decoder positioned just after the message type. */
export function readSavedNotice(decoder: decoding.Decoder): Required<SavedNotice> {
  const stateVector = decoding.readVarUint8Array(decoder);
  // Tolerate a notice without the marker count, so the helper also reads the bare state-vector form.
  const acknowledgedMarkers = decoding.hasContent(decoder) ? decoding.readVarUint(decoder) : 0;
  const flags = decoding.hasContent(decoder) ? decoding.readVarUint(decoder) : 0;
  return { stateVector, acknowledgedMarkers, rejected: (flags & FLAG_REJECTED) !== 0 };
}
