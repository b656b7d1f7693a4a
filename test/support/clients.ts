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

export interface ConnectOptions {
  /** The session cookie (`parallax_session=…`) the browser would send. */
  cookie: string;
  /** Defaults to the server's own origin, as its pages send; a browser always sends one on a websocket. */
  origin?: string;
  connect?: boolean;
}

/**
 * A `ws` WebSocket that sends the headers a browser would (its cookie and page origin). y-websocket constructs its
 * socket class itself with (url, protocols), so the headers are bound into a subclass.
 */
export function webSocketWithHeaders(
  headers: Record<string, string>,
): new (address: string | URL, protocols?: string | string[]) => WebSocket {
  return class BrowserLikeWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  };
}

/** A real, unmodified y-websocket provider over `ws`, as any third-party client would connect. */
export function connectClient(serverUrl: string, incidentId: string, options: ConnectOptions): SyncClient {
  const doc = new Y.Doc();
  const headers = { cookie: options.cookie, origin: options.origin ?? new URL(serverUrl).origin };
  const provider = new WebsocketProvider(`${serverUrl.replace(/^http/, 'ws')}/sync`, incidentId, doc, {
    WebSocketPolyfill: webSocketWithHeaders(headers) as unknown as typeof globalThis.WebSocket,
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
