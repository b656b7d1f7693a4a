import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { trackSaved } from '@parallax/sync/client';

export interface SyncClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves once the first full sync with the server has completed. */
  synced(): Promise<void>;
  /** Resolves once the server reports that everything this client has written is durably stored. */
  saved(): Promise<void>;
  destroy(): void;
}

/** A real, unmodified y-websocket provider over `ws`, as any third-party client would connect. */
export function connectClient(serverUrl: string, incidentId: string, options: { connect?: boolean } = {}): SyncClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${serverUrl.replace(/^http/, 'ws')}/sync`, incidentId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: options.connect ?? true,
    maxBackoffTime: 200,
  });
  let savedState = { saved: false, unsavedLocalChanges: false };
  const savedWaiters = new Set<() => void>();
  const stopTracking = trackSaved(provider, doc, (state) => {
    savedState = state;
    if (state.saved) for (const resolve of savedWaiters) resolve();
  });
  return {
    doc,
    provider,
    synced: () =>
      provider.synced ? Promise.resolve() : new Promise((resolve) => provider.once('sync', () => resolve())),
    saved: () =>
      new Promise<void>((resolve) => {
        // A fresh edit may not have been reported yet even if the last notice said "saved".
        if (savedState.saved && !savedState.unsavedLocalChanges) {
          resolve();
          return;
        }
        const done = () => {
          savedWaiters.delete(done);
          resolve();
        };
        savedWaiters.add(done);
      }),
    destroy() {
      stopTracking();
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Polls until the check passes, so tests wait for convergence instead of sleeping a guessed time. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
