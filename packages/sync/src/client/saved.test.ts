/**
 * The real, unmodified y-websocket provider against the sync server, connected in memory (real timers). Covers
 * trackSaved end to end and y-websocket compatibility.
 */
import { createMemoryWebSocket, MemoryDocumentStore } from '@parallax/testing';
import { onTestFinished, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode } from '../close-codes.ts';
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

function setup() {
  const store = new MemoryDocumentStore();
  const server = new SyncServer({ store, retry: { initialMs: 5, maxMs: 20 } });
  let nextUser = 1;
  const MemoryWebSocket = createMemoryWebSocket((url, socket) => {
    const docId = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1));
    const user = nextUser++;
    return server.handleConnection(docId, socket, { ...editor, userId: `u-${user}`, userName: `User ${user}` });
  });
  const providers: WebsocketProvider[] = [];
  onTestFinished(async () => {
    for (const provider of providers) provider.destroy();
    // A failed test may leave a store call held; do not let cleanup hang on it.
    await Promise.race([server.shutdown(), new Promise((resolve) => setTimeout(resolve, 500))]);
  });

  function connect(docId: string, options: { track?: boolean } = {}): Client {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider('ws://memory', docId, doc, {
      WebSocketPolyfill: MemoryWebSocket as unknown as typeof WebSocket,
      disableBc: true,
      maxBackoffTime: 50,
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
    await eventually(() => expect(client.latest()).toEqual({ saved: true, unsavedLocalChanges: false }));

    const gate = store.hold('append');
    client.doc.getText('text').insert(0, 'draft');
    expect(client.latest()).toEqual({ saved: false, unsavedLocalChanges: true });
    await eventually(() => expect(store.active.append).toBe(1));
    expect(client.latest()).toEqual({ saved: false, unsavedLocalChanges: true });

    gate.release();
    await eventually(() => expect(client.latest()).toEqual({ saved: true, unsavedLocalChanges: false }));
    expect(store.storedDoc('doc').getText('text').toString()).toBe('draft');
  });

  it('SYNC-SAVED-5: a deletion, which moves no state vector, is reported saved only after the server stored it', async () => {
    const { connect, store } = setup();
    const client = connect('doc');
    client.doc.getText('text').insert(0, 'keep this, drop that');
    await eventually(() => expect(client.latest()).toEqual({ saved: true, unsavedLocalChanges: false }));

    const gate = store.hold('append');
    client.doc.getText('text').delete(10, 10);
    expect(client.latest()).toEqual({ saved: false, unsavedLocalChanges: true });
    await eventually(() => expect(store.active.append).toBe(1));
    // Notices keep arriving with an unchanged state vector, but the marker after the deletion is not acknowledged.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.latest()?.saved).toBe(false);

    gate.release();
    await eventually(() => expect(client.latest()).toEqual({ saved: true, unsavedLocalChanges: false }));
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
    expect(alice.latest()).toEqual({ saved: false, unsavedLocalChanges: false });
    gate.release();
    await eventually(() => expect(alice.latest()).toEqual({ saved: true, unsavedLocalChanges: false }));
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
    expect(client.latest()).toEqual({ saved: false, unsavedLocalChanges: true });

    client.provider.connect();
    await eventually(() => expect(client.latest()).toEqual({ saved: true, unsavedLocalChanges: false }));
    expect(store.storedDoc('doc').getText('text').toString()).toBe('text and offline');
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
