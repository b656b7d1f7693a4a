/**
 * Browser-side helper for the "saved" notices (SPEC.md, SYNC-SAVED-5). Runs in browsers: imports yjs, lib0 and the
 * dependency-free protocol files only.
 */
import type * as decoding from 'lib0/decoding';
import type * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { MessageType } from '../message-types.ts';
import { encodeSavedSubscribe, readSavedNotice } from '../saved-notice.ts';

export interface SavedStatus {
  /** Everything this client knows (its own edits and what it received) is durably stored on the server. */
  saved: boolean;
  /** This client made changes that the server has not confirmed as stored yet. */
  unsavedLocalChanges: boolean;
}

/**
 * A y-websocket message handler as the provider calls it. The provider-specific arguments are typed `never` so
 * that y-websocket's own handler array is assignable without this package depending on y-websocket.
 */
export type ProviderMessageHandler = (
  encoder: encoding.Encoder,
  decoder: decoding.Decoder,
  provider: never,
  emitSynced: never,
  messageType: never,
) => void;

/** The part of y-websocket's WebsocketProvider this helper uses. */
export interface SavedTrackingProvider {
  messageHandlers: ProviderMessageHandler[];
  ws: { readonly readyState: number; send(data: Uint8Array): void } | null;
  on(event: 'status', handler: (event: { status: string }) => void): unknown;
  on(event: 'sync', handler: (synced: boolean) => void): unknown;
  off(event: 'status', handler: (event: { status: string }) => void): unknown;
  off(event: 'sync', handler: (synced: boolean) => void): unknown;
}

const WEBSOCKET_OPEN = 1;

/**
 * Tracks whether the server has durably stored this client's document, and reports changes of that status.
 *
 * Registers a handler for message type 100 on the provider, subscribes on every (re)connect, and compares the
 * stored state vector of each notice with the local document. Deletions do not move state vectors, so after a
 * local change that deletes, the helper sends another subscribe frame as a marker and counts the deletion as
 * stored only once the server acknowledges that marker. Returns a function that stops tracking.
 */
export function trackSaved(
  provider: SavedTrackingProvider,
  doc: Y.Doc,
  onChange: (state: SavedStatus) => void,
): () => void {
  let stored: Map<number, number> | null = null;
  let markersSent = 0;
  let deleteMarker: number | null = null;
  let pendingDeletes = false;
  let last: SavedStatus | null = null;

  const report = () => {
    const local = Y.decodeStateVector(Y.encodeStateVector(doc));
    const storedOwn = stored?.get(doc.clientID) ?? 0;
    const unsavedLocalChanges = (local.get(doc.clientID) ?? 0) > storedOwn || pendingDeletes;
    let covered = stored !== null;
    for (const [client, clock] of local) {
      if (!covered) break;
      covered = (stored?.get(client) ?? 0) >= clock;
    }
    const next = { saved: covered && !unsavedLocalChanges, unsavedLocalChanges };
    if (last !== null && last.saved === next.saved && last.unsavedLocalChanges === next.unsavedLocalChanges) return;
    last = next;
    onChange(next);
  };

  /** Sends a subscribe frame if the socket is open; returns its marker number on this connection. */
  const sendMarker = (): number | null => {
    const ws = provider.ws;
    if (ws === null || ws.readyState !== WEBSOCKET_OPEN) return null;
    ws.send(encodeSavedSubscribe());
    markersSent++;
    return markersSent;
  };

  const onNotice: ProviderMessageHandler = (_encoder, decoder) => {
    const notice = readSavedNotice(decoder);
    stored = Y.decodeStateVector(notice.stateVector);
    if (deleteMarker !== null && notice.acknowledgedMarkers >= deleteMarker) {
      pendingDeletes = false;
      deleteMarker = null;
    }
    report();
  };

  const onStatus = (event: { status: string }) => {
    // Marker numbers are per connection; anything unacknowledged on the old one is re-sent by the resync.
    markersSent = 0;
    deleteMarker = null;
    if (event.status === 'connected') sendMarker();
    report();
  };

  const onSync = (synced: boolean) => {
    // The client's sync step 2 (its offline edits, deletions included) went out before this; a marker now covers it.
    if (synced && pendingDeletes) deleteMarker = sendMarker();
  };

  const onUpdate = (_update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
    if (origin !== provider && transaction.deleteSet.clients.size > 0) {
      pendingDeletes = true;
      // The provider's own update listener was registered first, so the update frame is already on the socket.
      deleteMarker = sendMarker();
    }
    report();
  };

  provider.messageHandlers[MessageType.Saved] = onNotice;
  provider.on('status', onStatus);
  provider.on('sync', onSync);
  doc.on('update', onUpdate);
  sendMarker();
  report();

  return () => {
    // A no-op rather than a hole: the server keeps sending notices to this socket, and y-websocket logs an error
    // for message types it has no handler for.
    provider.messageHandlers[MessageType.Saved] = () => undefined;
    provider.off('status', onStatus);
    provider.off('sync', onSync);
    doc.off('update', onUpdate);
  };
}
