/**
 * The real, unmodified y-websocket provider against the sync server, connected in memory (real timers). Covers
 * trackSaved end to end and y-websocket compatibility.
 */
import { createMemoryWebSocket, MemoryDocumentStore } from '@parallax/testing';
import { onTestFinished, describe, expect, it, vi } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode } from '../close-codes.ts';
import type { SyncServerOptions } from '../options.ts';
import { encodeSavedNotice } from '../saved-notice.ts';
import { SyncServer } from '../SyncServer.ts';
import { editor } from '../test-support.ts';
import { trackSaved } from './saved.ts';
import type { SavedStatus } from './saved.ts';

interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  states: SavedStatus[];
  latest(): SavedStatus | undefined;
  stop(): void;
}

function setup(options: Partial<SyncServerOptions> = {}) {
  const store = new MemoryDocumentStore();
  const server = new SyncServer({ store, retry: { initialMs: 5, maxMs: 20 }, ...options });
  let nextUser = 1;
  const MemoryWebSocket = createMemoryWebSocket((url, socket) => {
    const [path = '', query = ''] = url.split('?');
    const docId = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
    const readOnly = new URLSearchParams(query).get('readOnly') === '1';
    const user = nextUser++;
    return server.handleConnection(docId, socket, {
      ...editor,
      userId: `u-${user}`,
      userName: `User ${user}`,
      ...(readOnly ? { role: 'viewer', readOnly: true } : {}),
    });
  });
  const providers: WebsocketProvider[] = [];
  onTestFinished(async () => {
    for (const provider of providers) provider.destroy();
    // A failed test may leave a store call held; do not let cleanup hang on it.
    await Promise.race([server.shutdown(), new Promise((resolve) => setTimeout(resolve, 500))]);
  });

  function connect(docId: string, options: { track?: boolean; readOnly?: boolean; doc?: Y.Doc } = {}): Client {
    const doc = options.doc ?? new Y.Doc();
    const provider = new WebsocketProvider('ws://memory', docId, doc, {
      WebSocketPolyfill: MemoryWebSocket as unknown as typeof WebSocket,
      disableBc: true,
      maxBackoffTime: 50,
      params: options.readOnly ? { readOnly: '1' } : {},
    });
    providers.push(provider);
    const states: SavedStatus[] = [];
    const stop = options.track === false ? () => undefined : trackSaved(provider, doc, (state) => states.push(state));
    return { doc, provider, states, latest: () => states.at(-1), stop };
  }

  return { store, server, connect };
}

async function eventually(check: () => void, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

describe('trackSaved with the real y-websocket provider', () => {
  it('SYNC-PROTO-4: unmodified y-websocket clients sync through the server and converge', async () => {
    const { connect, store, server } = setup();
    const alice = connect('doc', { track: false });
    const bob = connect('doc', { track: false });
    await eventually(() => expect(alice.provider.synced && bob.provider.synced).toBe(true));
    alice.doc.getText('text').insert(0, 'from alice ');
    bob.doc.getText('text').insert(0, 'from bob ');
    await eventually(() => {
      expect(alice.doc.getText('text').toString()).toBe(bob.doc.getText('text').toString());
      expect(alice.doc.getText('text').length).toBe(20);
    });
    await server.flushAll();
    expect(store.storedDoc('doc').getText('text').toString()).toBe(alice.doc.getText('text').toString());
  });

  it('SYNC-SAVED-5: reports unsaved local changes on an edit and saved once the server stored it', async () => {
    const { connect, store } = setup();
    const client = connect('doc');
    await eventually(() =>
      expect(client.latest()).toEqual({ saved: true, unsavedLocalChanges: false, rejected: false }),
    );

    const gate = store.hold('append');
    client.doc.getText('text').insert(0, 'draft');
    expect(client.latest()).toEqual({ saved: false, unsavedLocalChanges: true, rejected: false });
    await eventually(() => expect(store.active.append).toBe(1));
    expect(client.latest()).toEqual({ saved: false, unsavedLocalChanges: true, rejected: false });

    gate.release();
    await eventually(() =>
      expect(client.latest()).toEqual({ saved: true, unsavedLocalChanges: false, rejected: false }),
    );
    expect(store.storedDoc('doc').getText('text').toString()).toBe('draft');
  });

  it('SYNC-SAVED-5: a deletion, which moves no state vector, is reported saved only after the server stored it', async () => {
    const { connect, store } = setup();
    const client = connect('doc');
    client.doc.getText('text').insert(0, 'keep this, drop that');
    await eventually(() =>
      expect(client.latest()).toEqual({ saved: true, unsavedLocalChanges: false, rejected: false }),
    );

    const gate = store.hold('append');
    client.doc.getText('text').delete(10, 10);
    expect(client.latest()).toEqual({ saved: false, unsavedLocalChanges: true, rejected: false });
    await eventually(() => expect(store.active.append).toBe(1));
    // Notices keep arriving with an unchanged state vector, but the marker after the deletion is not acknowledged.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.latest()?.saved).toBe(false);

    gate.release();
    await eventually(() =>
      expect(client.latest()).toEqual({ saved: true, unsavedLocalChanges: false, rejected: false }),
    );
    expect(store.storedDoc('doc').getText('text').toString()).toBe('keep this,');
  });

  it('SYNC-SAVED-5: reports a remote change as unsaved until the server stored it too', async () => {
    const { connect, store } = setup();
    const alice = connect('doc');
    const bob = connect('doc', { track: false });
    await eventually(() => expect(alice.latest()?.saved).toBe(true));
    await eventually(() => expect(bob.provider.synced).toBe(true));

    const gate = store.hold('append');
    bob.doc.getText('text').insert(0, 'from bob');
    await eventually(() => expect(alice.doc.getText('text').toString()).toBe('from bob'));
    expect(alice.latest()).toEqual({ saved: false, unsavedLocalChanges: false, rejected: false });
    gate.release();
    await eventually(() =>
      expect(alice.latest()).toEqual({ saved: true, unsavedLocalChanges: false, rejected: false }),
    );
  });

  it('SYNC-SAVED-5: edits and deletions made while disconnected are reported saved after the reconnect stored them', async () => {
    const { connect, store, server } = setup();
    const client = connect('doc');
    client.doc.getText('text').insert(0, 'online text');
    await eventually(() => expect(client.latest()?.saved).toBe(true));

    // A transient close code: y-websocket reconnects by itself.
    server.closeConnections('doc', () => true, CloseCode.SLOW_CONSUMER, 'test');
    await eventually(() => expect(client.provider.wsconnected).toBe(false));
    client.provider.disconnect();
    client.doc.getText('text').delete(0, 7);
    client.doc.getText('text').insert(4, ' and offline');
    expect(client.latest()).toEqual({ saved: false, unsavedLocalChanges: true, rejected: false });

    client.provider.connect();
    await eventually(() =>
      expect(client.latest()).toEqual({ saved: true, unsavedLocalChanges: false, rejected: false }),
    );
    expect(store.storedDoc('doc').getText('text').toString()).toBe('text and offline');
  });

  it('SYNC-SAVED-6: a read-only client whose deletion was dropped is reported rejected, never saved', async () => {
    // y-websocket logs the permission denial with console.warn.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    onTestFinished(() => warn.mockRestore());
    const { connect, store, server } = setup();
    const writer = connect('doc', { track: false });
    writer.doc.getText('text').insert(0, 'keep this text');
    await eventually(() => expect(writer.provider.synced).toBe(true));
    await server.flushAll();
    const reader = connect('doc', { readOnly: true });
    await eventually(() => expect(reader.doc.getText('text').toString()).toBe('keep this text'));
    await eventually(() =>
      expect(reader.latest()).toEqual({ saved: true, unsavedLocalChanges: false, rejected: false }),
    );

    // A deletion moves no state vector: without the rejection the next acknowledged marker would read as saved.
    reader.doc.getText('text').delete(0, 5);
    await eventually(() =>
      expect(reader.latest()).toEqual({ saved: false, unsavedLocalChanges: true, rejected: true }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reader.latest()).toEqual({ saved: false, unsavedLocalChanges: true, rejected: true });
    expect(reader.states.some((state) => state.saved && state.rejected)).toBe(false);
    await server.flushAll();
    expect(store.storedDoc('doc').getText('text').toString()).toBe('keep this text');
  });

  it('SYNC-SAVED-6: the auth permission-denied message marks the client rejected; y-websocket still handles it', async () => {
    const { connect } = setup();
    const client = connect('doc');
    await eventually(() => expect(client.latest()?.saved).toBe(true));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      // As the server sends it: [2][0 permission denied][reason].
      const frame = Uint8Array.of(2, 0, 4, ...new TextEncoder().encode('nope'));
      const socket = client.provider.ws as unknown as { onmessage(event: { data: ArrayBuffer }): void };
      socket.onmessage({ data: frame.buffer });
      expect(client.latest()).toEqual({ saved: false, unsavedLocalChanges: true, rejected: true });
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('nope'));
    } finally {
      warn.mockRestore();
    }
    const wrapped = client.provider.messageHandlers[2];
    client.stop();
    // Stopping restores y-websocket's own handler.
    expect(client.provider.messageHandlers[2]).not.toBe(wrapped);
    expect(typeof client.provider.messageHandlers[2]).toBe('function');
  });

  it('SYNC-SAVED-6: a notice with the rejected flag marks the client rejected', async () => {
    const { connect } = setup();
    const client = connect('doc');
    await eventually(() => expect(client.latest()?.saved).toBe(true));
    const frame = encodeSavedNotice({
      stateVector: Y.encodeStateVector(client.doc),
      acknowledgedMarkers: 1,
      rejected: true,
    });
    const socket = client.provider.ws as unknown as { onmessage(event: { data: ArrayBuffer }): void };
    socket.onmessage({ data: frame.slice().buffer });
    expect(client.latest()).toEqual({ saved: false, unsavedLocalChanges: true, rejected: true });
  });

  it('SYNC-SAVED-7: a deletion received from the server is reported saved only once the server stored it', async () => {
    const { connect, store } = setup();
    const alice = connect('doc');
    const bob = connect('doc', { track: false });
    bob.doc.getText('text').insert(0, 'shared words here');
    await eventually(() => expect(alice.doc.getText('text').toString()).toBe('shared words here'));
    await eventually(() =>
      expect(alice.latest()).toEqual({ saved: true, unsavedLocalChanges: false, rejected: false }),
    );

    const gate = store.hold('append');
    bob.doc.getText('text').delete(0, 7);
    await eventually(() => expect(alice.doc.getText('text').toString()).toBe('words here'));
    await eventually(() => expect(store.active.append).toBe(1));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(alice.latest()).toEqual({ saved: false, unsavedLocalChanges: false, rejected: false });
    gate.release();
    await eventually(() =>
      expect(alice.latest()).toEqual({ saved: true, unsavedLocalChanges: false, rejected: false }),
    );
    expect(store.storedDoc('doc').getText('text').toString()).toBe('words here');
  });

  it('SYNC-SAVED-5: stops reporting once stopped, and keeps a no-op handler so y-websocket logs nothing', async () => {
    const { connect } = setup();
    const client = connect('doc');
    await eventually(() => expect(client.latest()?.saved).toBe(true));
    client.stop();
    const count = client.states.length;
    client.doc.getText('text').insert(0, 'after stop');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(client.states).toHaveLength(count);
    expect(typeof client.provider.messageHandlers[100]).toBe('function');
  });
});

describe('y-websocket keeps its connection on a quiet document', () => {
  // y-websocket closes and reconnects a socket that received no message for 30 s (checked every 3 s), and renews
  // its own presence every 15 s. lib0 reads the clock through a Date.now it captured at import, so fake timers
  // cannot drive this; the tests age the provider's "last message" stamp instead and check that something arrives.

  it('SYNC-PROTO-6: a lone client with a presence hears its own awareness renewal back', async () => {
    const { connect } = setup({ keepAliveMs: 0 });
    const client = connect('doc', { track: false });
    client.provider.awareness.setLocalState({ name: 'alone' });
    await eventually(() => expect(client.provider.synced).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    client.provider.wsLastMessageReceived = 0;
    // What the provider's awareness does every 15 s.
    client.provider.awareness.setLocalState(client.provider.awareness.getLocalState());
    await eventually(() => expect(client.provider.wsLastMessageReceived).toBeGreaterThan(0), 2_000);
    expect(client.provider.wsconnected).toBe(true);
  });

  it('SYNC-PROTO-7: a lone client without a presence is kept alive by the server', async () => {
    const { connect } = setup({ keepAliveMs: 100 });
    const client = connect('doc', { track: false });
    client.provider.awareness.setLocalState(null);
    await eventually(() => expect(client.provider.synced).toBe(true));
    for (let round = 0; round < 3; round++) {
      client.provider.wsLastMessageReceived = 0;
      await eventually(() => expect(client.provider.wsLastMessageReceived).toBeGreaterThan(0), 2_000);
    }
    expect(client.provider.wsconnected).toBe(true);
  });
});
