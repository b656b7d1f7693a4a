/**
 * Browser-side helper for the "saved" notices (SPEC.md, SYNC-SAVED-5..7). Runs in browsers: imports yjs, lib0 and
 * the dependency-free protocol files only.
 */
import * as decoding from 'lib0/decoding';
import type * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { AuthMessageType, MessageType } from '../message-types.ts';
import { encodeSavedSubscribe, readSavedNotice } from '../saved-notice.ts';

export interface SavedStatus {
  /**
   * Everything this client knows is durably stored on the server: its own edits, what it received (insertions by
   * state vector, deletions by a marker sent when they arrive), and nothing of it was rejected.
   */
  saved: boolean;
  /** This client made changes that the server has not confirmed as stored yet (or never will: see `rejected`). */
  unsavedLocalChanges: boolean;
  /**
   * The server refused this client's changes on the current connection (read-only: permission denied), so they will
   * not be stored; `saved` stays false. Cleared on reconnect, where the server decides again.
   */
  rejected: boolean;
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
 * change that deletes (local, or received from the server) the helper sends another subscribe frame as a marker
 * and counts the deletion as stored only once the server acknowledges that marker. It also watches the auth
 * message (type 2, which y-websocket handles itself: the helper wraps that handler) and the notices' `rejected`
 * flag, so a read-only client whose changes were dropped never reads as saved. Returns a function that stops
 * tracking.
 */
export function trackSaved(
  provider: SavedTrackingProvider,
  doc: Y.Doc,
  onChange: (state: SavedStatus) => void,
): () => void {
  let stored: Map<number, number> | null = null;
  let markersSent = 0;
  let acknowledged = 0;
  /** Local deletions wait for this marker (null: none sent on this connection yet). */
  let localDeleteMarker: number | null = null;
  let pendingLocalDeletes = false;
  /** Deletions received from the server wait for this marker; at most one is outstanding at a time. */
  let remoteDeleteMarker: number | null = null;
  let pendingRemoteDeletes = false;
  let remoteDeletesAfterMarker = false;
  let rejected = false;
  let last: SavedStatus | null = null;

  const report = () => {
    const local = Y.decodeStateVector(Y.encodeStateVector(doc));
    const storedOwn = stored?.get(doc.clientID) ?? 0;
    const unsavedLocalChanges = (local.get(doc.clientID) ?? 0) > storedOwn || pendingLocalDeletes || rejected;
    let covered = stored !== null;
    for (const [client, clock] of local) {
      if (!covered) break;
      covered = (stored?.get(client) ?? 0) >= clock;
    }
    const next = {
      saved: covered && !unsavedLocalChanges && !pendingRemoteDeletes && !rejected,
      unsavedLocalChanges,
      rejected,
    };
    if (
      last !== null &&
      last.saved === next.saved &&
      last.unsavedLocalChanges === next.unsavedLocalChanges &&
      last.rejected === next.rejected
    ) {
      return;
    }
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

  const sendRemoteMarker = () => {
    remoteDeleteMarker = sendMarker();
    remoteDeletesAfterMarker = false;
  };

  const onNotice: ProviderMessageHandler = (_encoder, decoder) => {
    const notice = readSavedNotice(decoder);
    stored = Y.decodeStateVector(notice.stateVector);
    acknowledged = notice.acknowledgedMarkers;
    if (notice.rejected) rejected = true;
    if (localDeleteMarker !== null && acknowledged >= localDeleteMarker) {
      pendingLocalDeletes = false;
      localDeleteMarker = null;
    }
    if (remoteDeleteMarker !== null && acknowledged >= remoteDeleteMarker) {
      remoteDeleteMarker = null;
      // Deletions that arrived after that marker was sent need a marker of their own.
      if (remoteDeletesAfterMarker) sendRemoteMarker();
      else pendingRemoteDeletes = false;
    }
    report();
  };

  // y-websocket answers the auth message itself (it only logs a permission denial); wrap its handler to see it.
  const authHandler = provider.messageHandlers[MessageType.Auth];
  const onAuth: ProviderMessageHandler = (encoder, decoder, ...rest) => {
    try {
      const peek = decoding.clone(decoder);
      if (decoding.readVarUint(peek) === AuthMessageType.PermissionDenied) {
        rejected = true;
        report();
      }
    } finally {
      authHandler?.(encoder, decoder, ...rest);
    }
  };

  const onStatus = (event: { status: string }) => {
    // Marker numbers and rejections are per connection; anything unacknowledged on the old one is re-sent by the
    // resync (and a client that is still read-only is rejected again).
    markersSent = 0;
    acknowledged = 0;
    localDeleteMarker = null;
    remoteDeleteMarker = null;
    rejected = false;
    if (event.status === 'connected') sendMarker();
    report();
  };

  const onSync = (synced: boolean) => {
    if (!synced) return;
    // The client's sync step 2 (its offline edits, deletions included) went out before this; a marker now covers it.
    if (pendingLocalDeletes) localDeleteMarker = sendMarker();
    // As does one for deletions received before the reconnect, which the new connection's server may not have.
    if (pendingRemoteDeletes) sendRemoteMarker();
  };

  const onUpdate = (_update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
    if (transaction.deleteSet.clients.size > 0) {
      if (origin !== provider) {
        pendingLocalDeletes = true;
        // The provider's own update listener was registered first, so the update frame is already on the socket.
        localDeleteMarker = sendMarker();
      } else {
        // The server applied this deletion before sending it, so a marker sent now is acknowledged once it is
        // stored. One marker at a time: later deletions wait for it, then get the next one.
        pendingRemoteDeletes = true;
        if (remoteDeleteMarker === null) sendRemoteMarker();
        else remoteDeletesAfterMarker = true;
      }
    }
    report();
  };

  provider.messageHandlers[MessageType.Saved] = onNotice;
  provider.messageHandlers[MessageType.Auth] = onAuth;
  provider.on('status', onStatus);
  provider.on('sync', onSync);
  doc.on('update', onUpdate);
  sendMarker();
  report();

  return () => {
    // A no-op rather than a hole: the server keeps sending notices to this socket, and y-websocket logs an error
    // for message types it has no handler for.
    provider.messageHandlers[MessageType.Saved] = () => undefined;
    if (provider.messageHandlers[MessageType.Auth] === onAuth && authHandler !== undefined) {
      provider.messageHandlers[MessageType.Auth] = authHandler;
    }
    provider.off('status', onStatus);
    provider.off('sync', onSync);
    doc.off('update', onUpdate);
  };
}
