/**
 * Byte format of the "saved" extension (SPEC.md, SYNC-SAVED-*). Shared by the server and the browser helper, so it
 * imports only lib0.
 *
 *   client -> server  [varUint 100]
 *       Subscribe, and at the same time a marker: the n-th such frame on a connection is marker n.
 *   server -> client  [varUint 100][varUint8Array stateVector][varUint acknowledgedMarkers]
 *       stateVector: Y.encodeStateVector of the document state that is durably stored.
 *       acknowledgedMarkers: how many of this connection's markers have every change the server had applied before
 *       receiving them durably stored (markers let a client confirm deletions, which state vectors cannot show).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from './message-types.ts';

export interface SavedNotice {
  stateVector: Uint8Array;
  acknowledgedMarkers: number;
}

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
  return encoding.toUint8Array(encoder);
}

/** Reads a notice body from a decoder positioned just after the message type. */
export function readSavedNotice(decoder: decoding.Decoder): SavedNotice {
  const stateVector = decoding.readVarUint8Array(decoder);
  // Tolerate a notice without the marker count, so the helper also reads the bare state-vector form.
  const acknowledgedMarkers = decoding.hasContent(decoder) ? decoding.readVarUint(decoder) : 0;
  return { stateVector, acknowledgedMarkers };
}
