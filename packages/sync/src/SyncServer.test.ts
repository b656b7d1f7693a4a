import { createRandom, seedFromName, settle } from '@parallax/testing';
import type { MemorySyncClient, SeededRandom } from '@parallax/testing';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from './close-codes.ts';
import { SyncError } from './SyncError.ts';
import { createHarness, frameKinds, sentTo, text } from './test-support.ts';

describe('SyncServer: protocol', () => {
  it('SYNC-PROTO-2: sends sync step 1, then every current presence, to a new connection', async () => {
    const h = createHarness();
    const alice = h.connect('doc', {}, { awarenessState: { cursor: 1 } });
    await h.settle();
    expect(frameKinds(sentTo(alice)).slice(0, 2)).toEqual(['sync-step1', 'sync-step2']);

    const bob = h.connect('doc');
    // The room is loaded, so the greeting goes out during handleConnection.
    expect(frameKinds(sentTo(bob))).toEqual(['sync-step1', 'awareness']);
    await h.settle();
    expect(bob.awareness.getStates().get(alice.doc.clientID)).toMatchObject({ cursor: 1 });
  });

  it('SYNC-PROTO-3: answers sync step 1 with the state the client lacks', async () => {
    const h = createHarness();
    await h.server.withDocument('doc', (doc) => doc.getText('text').insert(0, 'stored'));
    const client = h.connect('doc');
    await h.settle();
    expect(text(client)).toBe('stored');
    expect(client.synced).toBe(true);
  });

  it('SYNC-PROTO-4: two clients converge; a change reaches the other once and is never echoed', async () => {
    const h = createHarness();
    const alice = h.connect('doc');
    const bob = h.connect('doc');
    await h.settle();
    const aliceBefore = sentTo(alice).length;
    const bobBefore = sentTo(bob).length;

    alice.doc.getText('text').insert(0, 'hello');
    await h.settle();
    expect(frameKinds(sentTo(alice).slice(aliceBefore))).not.toContain('sync-update');
    expect(frameKinds(sentTo(bob).slice(bobBefore))).toEqual(['sync-update']);

    alice.doc.getText('text').insert(5, ' alice');
    bob.doc.getText('text').insert(0, 'bob says: ');
    await h.settle();
    expect(text(alice)).toBe(text(bob));
    expect(text(alice)).toContain('hello alice');
    expect(text(alice)).toContain('bob says: ');
  });

  it('SYNC-PROTO-4: clients converge with the server and the store under random edits and delivery order', async () => {
    const random = createRandom(seedFromName('SYNC-PROTO-4 random convergence'));
    const h = createHarness();
    const clients = [h.connect('doc'), h.connect('doc'), h.connect('doc')];
    await h.settle();
    for (let round = 0; round < 30; round++) {
      for (const client of clients) if (random.bool(0.7)) editRandomly(client, random);
      await settle(clients, { random });
    }
    await h.settle();
    await h.server.flushAll();
    const serverDoc = new Y.Doc();
    Y.applyUpdate(serverDoc, await h.server.getDocumentState('doc'));
    for (const client of clients) {
      expect(text(client)).toBe(serverDoc.getText('text').toString());
      expect(client.doc.getMap('fields').toJSON()).toEqual(serverDoc.getMap('fields').toJSON());
    }
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe(serverDoc.getText('text').toString());
  });

  it('SYNC-PROTO-5: answers a query for awareness with every current state', async () => {
    const h = createHarness();
    const alice = h.connect('doc', {}, { awarenessState: { cursor: 7 } });
    const bob = h.connect('doc');
    await h.settle();
    const before = sentTo(bob).length;
    bob.sendRaw(Uint8Array.of(3));
    await h.settle();
    expect(frameKinds(sentTo(bob).slice(before))).toEqual(['awareness']);
    expect(bob.awareness.getStates().get(alice.doc.clientID)).toMatchObject({ cursor: 7 });
  });
});

describe('SyncServer: API', () => {
  it('SYNC-DUR-5: withDocument changes the document in one transaction, broadcasts, and resolves once stored', async () => {
    const h = createHarness();
    const client = h.connect('doc');
    await h.settle();
    const gate = h.store.hold('append');
    let resolved = false;
    const updatesBefore = sentTo(client).length;
    const done = h.server
      .withDocument('doc', (doc) => {
        doc.getText('text').insert(0, 'seeded ');
        doc.getMap('fields').set('title', 'Outage');
      })
      .then(() => {
        resolved = true;
      });
    await h.settle();
    expect(text(client)).toBe('seeded ');
    expect(frameKinds(sentTo(client).slice(updatesBefore))).toEqual(['sync-update']);
    expect(resolved).toBe(false);

    gate.release();
    await done;
    expect(h.store.storedDoc('doc').getMap('fields').get('title')).toBe('Outage');
  });

  it('SYNC-DUR-5: withDocument loads a document nobody has open and stores the change', async () => {
    const h = createHarness();
    h.store.seed('doc', { updates: [updateOf((doc) => doc.getText('text').insert(0, 'old '))] });
    await h.server.withDocument('doc', (doc) => doc.getText('text').insert(4, 'new'));
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe('old new');
    expect(h.store.calls.load).toBe(1);
  });

  it('SYNC-DUR-5: a throwing fn rejects, and what it changed before throwing is still stored', async () => {
    const h = createHarness();
    const failure = new Error('half way');
    await expect(
      h.server.withDocument('doc', (doc) => {
        doc.getText('text').insert(0, 'partial');
        throw failure;
      }),
    ).rejects.toBe(failure);
    await h.server.flushAll();
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe('partial');
  });

  it('SYNC-DUR-5: getDocumentState returns the full state, loading once', async () => {
    const h = createHarness();
    h.store.seed('doc', { updates: [updateOf((doc) => doc.getText('text').insert(0, 'from the store'))] });
    const state = await h.server.getDocumentState('doc');
    const again = await h.server.getDocumentState('doc');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    expect(doc.getText('text').toString()).toBe('from the store');
    expect(again).toEqual(state);
    expect(h.store.calls.load).toBe(1);
  });

  it('SYNC-LIFE-2: closeConnections closes only the matching connections, with the given code', async () => {
    const h = createHarness();
    const viewer = h.connect('doc', { role: 'viewer', readOnly: true });
    const editor = h.connect('doc', { role: 'editor' });
    const elsewhere = h.connect('other', { role: 'viewer', readOnly: true });
    await h.settle();
    const closed = h.server.closeConnections(
      'doc',
      (context) => context.role === 'viewer',
      CloseCode.MEMBERSHIP_CHANGED,
      'role changed',
    );
    expect(closed).toBe(1);
    expect(viewer.closedWith).toEqual({ code: CloseCode.MEMBERSHIP_CHANGED, reason: 'role changed' });
    expect(editor.closedWith).toBeNull();
    expect(elsewhere.closedWith).toBeNull();
    expect(h.server.closeConnections('missing', () => true, CloseCode.FORBIDDEN, 'x')).toBe(0);
  });

  it('SYNC-LIFE-2: closeConnectionsInAllDocuments closes the matching connections of every room', async () => {
    const h = createHarness();
    const here = h.connect('doc', { sessionId: 'session-a' });
    const there = h.connect('other', { sessionId: 'session-a' });
    const someoneElse = h.connect('doc', { sessionId: 'session-b' });
    await h.settle();
    const closed = h.server.closeConnectionsInAllDocuments(
      (context) => context.sessionId === 'session-a',
      CloseCode.UNAUTHORIZED,
      'signed out',
    );
    expect(closed).toBe(2);
    expect(here.closedWith).toEqual({ code: CloseCode.UNAUTHORIZED, reason: 'signed out' });
    expect(there.closedWith).toEqual({ code: CloseCode.UNAUTHORIZED, reason: 'signed out' });
    expect(someoneElse.closedWith).toBeNull();
  });

  it('SYNC-LIFE-3: stats counts rooms, connections and uncommitted updates; flushAll waits for them', async () => {
    const h = createHarness();
    const alice = h.connect('a');
    h.connect('a');
    h.connect('b');
    await h.settle();
    expect(h.server.stats()).toEqual({ rooms: 2, connections: 3, pendingUpdates: 0 });

    const gate = h.store.hold('append');
    alice.doc.getText('text').insert(0, 'x');
    alice.doc.getText('text').insert(0, 'y');
    await h.settle();
    expect(h.server.stats().pendingUpdates).toBe(2);
    let flushed = false;
    const flushing = h.server.flushAll().then(() => {
      flushed = true;
    });
    await h.settle();
    expect(flushed).toBe(false);
    gate.release();
    await flushing;
    expect(h.server.stats().pendingUpdates).toBe(0);
  });
});

describe('SyncServer: shutdown', () => {
  it('SYNC-LIFE-1: closes sockets with SHUTTING_DOWN, refuses newcomers, and resolves only once everything is stored', async () => {
    const h = createHarness();
    const alice = h.connect('doc');
    await h.settle();
    const gate = h.store.hold('append');
    alice.doc.getText('text').insert(0, 'last words');
    await h.settle();

    let stopped = false;
    const stopping = h.server.shutdown().then(() => {
      stopped = true;
    });
    expect(alice.closedWith?.code).toBe(CloseCode.SHUTTING_DOWN);
    const late = h.connect('doc');
    expect(late.closedWith?.code).toBe(CloseCode.SHUTTING_DOWN);
    await expect(h.server.withDocument('doc', () => undefined)).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
    await expect(h.server.getDocumentState('doc')).rejects.toBeInstanceOf(SyncError);
    await h.settle();
    expect(stopped).toBe(false);

    gate.release();
    await stopping;
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe('last words');
    expect(h.server.stats()).toEqual({ rooms: 0, connections: 0, pendingUpdates: 0 });
    expect(h.server.shutdown()).toBe(h.server.shutdown());
  });
});

describe('SyncServer: shutdown waits for work in flight', () => {
  it('SYNC-LIFE-1: a withDocument call that was waiting for the load is stored before shutdown resolves', async () => {
    const h = createHarness();
    const gate = h.store.hold('load');
    const change = h.server.withDocument('doc', (doc) => doc.getText('text').insert(0, 'admitted before shutdown'));
    await h.settle();
    let stopped = false;
    const stopping = h.server.shutdown().then(() => {
      stopped = true;
    });
    await h.settle();
    expect(stopped).toBe(false);
    const append = h.store.hold('append');
    gate.release();
    await h.settle();
    // The call changed the document after shutdown began; its append is held, and so is shutdown.
    expect(h.store.active.append).toBe(1);
    expect(stopped).toBe(false);
    append.release();
    await stopping;
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe('admitted before shutdown');
    await change;
    expect(h.server.stats()).toEqual({ rooms: 0, connections: 0, pendingUpdates: 0 });
  });

  it('SYNC-LIFE-1: shutdown waits for a compaction in flight, and nothing is written after it resolved', async () => {
    const h = createHarness({ compactAfterUpdates: 1 });
    const client = h.connect('doc');
    await h.settle();
    const gate = h.store.hold('compact');
    client.doc.getText('text').insert(0, 'a');
    await h.settle();
    client.doc.getText('text').insert(0, 'b');
    await h.settle();
    expect(h.store.active.compact).toBe(1);
    let stopped = false;
    const stopping = h.server.shutdown().then(() => {
      stopped = true;
    });
    await h.settle();
    expect(stopped).toBe(false);
    gate.release();
    await stopping;
    const calls = { ...h.store.calls };
    await h.settle();
    expect(h.store.calls).toEqual(calls);
    expect(h.store.active).toEqual({ load: 0, append: 0, compact: 0 });
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe('ba');
  });
});

function editRandomly(client: MemorySyncClient, random: SeededRandom): void {
  const textType = client.doc.getText('text');
  const roll = random.next();
  if (roll < 0.5 || textType.length === 0) {
    textType.insert(random.int(0, textType.length), random.word(1, 6));
  } else if (roll < 0.8) {
    const start = random.int(0, textType.length - 1);
    textType.delete(start, random.int(1, Math.min(4, textType.length - start)));
  } else {
    client.doc.getMap('fields').set(`field-${random.int(0, 4)}`, random.word());
  }
}

function updateOf(change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  change(doc);
  return Y.encodeStateAsUpdate(doc);
}
