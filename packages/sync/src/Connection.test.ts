import { createRandom, MemorySocket, seedFromName } from '@parallax/testing';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from './close-codes.ts';
import type { Room } from './Room.ts';
import { connectionOf, createHarness, frameKinds, sentTo, text, viewer } from './test-support.ts';
import type { Harness } from './test-support.ts';

afterEach(() => {
  vi.useRealTimers();
});

/** The room behind a document, for assertions on its bookkeeping. */
function roomOf(h: Harness, docId: string): Room {
  const room = (h.server as unknown as { rooms: Map<string, Room> }).rooms.get(docId);
  if (room === undefined) throw new Error(`no room for ${docId}`);
  return room;
}

describe('Connection: read-only', () => {
  it('SYNC-RO-1: a read-only connection syncs down, but its changes are dropped and the document is unchanged', async () => {
    const h = createHarness();
    const writer = h.connect('doc');
    writer.doc.getText('text').insert(0, 'official');
    await h.settle();

    const offline = new Y.Doc();
    offline.getText('text').insert(0, 'offline edit ');
    const reader = h.connect('doc', viewer, { doc: offline });
    await h.settle();
    reader.doc.getText('text').insert(0, 'vandalism ');
    reader.doc.getMap('fields').set('severity', 'SEV0');
    await h.settle();
    await h.server.flushAll();

    expect(text(reader)).toContain('official');
    expect(text(writer)).toBe('official');
    expect(writer.doc.getMap('fields').size).toBe(0);
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe('official');
  });

  it('SYNC-RO-2: the first dropped change earns exactly one permission-denied notice', async () => {
    const h = createHarness();
    const reader = h.connect('doc', viewer);
    await h.settle();
    reader.doc.getText('text').insert(0, 'one');
    reader.doc.getText('text').insert(0, 'two');
    await h.settle();
    reader.doc.getText('text').insert(0, 'three');
    await h.settle();
    expect(reader.permissionDenied).toHaveLength(1);
    expect(frameKinds(sentTo(reader)).filter((kind) => kind === 'auth')).toHaveLength(1);
    expect(reader.closedWith).toBeNull();
  });

  it('SYNC-RO-2: a read-only client that changes nothing gets no notice', async () => {
    const h = createHarness();
    await h.server.withDocument('doc', (doc) => doc.getText('text').insert(0, 'content'));
    const reader = h.connect('doc', viewer);
    await h.settle();
    // Its answer to the server's step 1 is a step 2 that changes nothing (the doc has deletions, too).
    await h.server.withDocument('doc', (doc) => doc.getText('text').delete(0, 3));
    await h.settle();
    reader.disconnect();
    reader.connect();
    await h.settle();
    expect(reader.synced).toBe(true);
    expect(text(reader)).toBe('tent');
    expect(reader.permissionDenied).toEqual([]);
  });
});

describe('Connection: awareness', () => {
  it('SYNC-AWARE-3: the server writes the authenticated identity into the user field, keeping the rest', async () => {
    const h = createHarness();
    const mallory = h.connect(
      'doc',
      { userId: 'u-mallory', userName: 'Mallory', role: 'editor' },
      { awarenessState: { user: { id: 'u-alice', name: 'Alice', color: '#f00' }, focus: 'event-1' } },
    );
    const observer = h.connect('doc');
    await h.settle();
    expect(observer.awareness.getStates().get(mallory.doc.clientID)).toEqual({
      user: { id: 'u-mallory', name: 'Mallory', role: 'editor', color: '#f00' },
      focus: 'event-1',
    });
  });

  it('SYNC-AWARE-1, SYNC-AWARE-2: a connection cannot set or remove the state of a client id it does not own', async () => {
    const h = createHarness();
    const alice = h.connect('doc', {}, { awarenessState: { name: 'alice' } });
    const mallory = h.connect('doc', {}, { awarenessState: { name: 'mallory' } });
    const observer = h.connect('doc');
    await h.settle();
    const aliceId = alice.doc.clientID;
    const clock = (observer.awareness.meta.get(aliceId)?.clock ?? 0) + 10;

    mallory.sendRaw(awarenessFrame([{ clientId: aliceId, clock, state: { name: 'alice', forged: true } }]));
    mallory.sendRaw(awarenessFrame([{ clientId: aliceId, clock: clock + 1, state: null }]));
    mallory.sendRaw(awarenessFrame([{ clientId: 4242, clock: 5, state: { name: 'ghost' } }]));
    await h.settle();

    expect(observer.awareness.getStates().get(aliceId)).toMatchObject({ name: 'alice' });
    expect(observer.awareness.getStates().get(aliceId)).not.toHaveProperty('forged');
    expect(observer.awareness.getStates().has(4242)).toBe(false);
    expect(connectionOf(mallory).awarenessClientId).toBe(mallory.doc.clientID);
    expect(mallory.closedWith).toBeNull();
  });

  it('SYNC-AWARE-1: a connection without presence cannot claim an id it only echoes, even after its owner left', async () => {
    const h = createHarness();
    const alice = h.connect('doc', {}, { awarenessState: { name: 'alice' } });
    // No state of its own: its first awareness frames are echoes of Alice's state, as y-websocket sends them.
    const quiet = h.connect('doc');
    await h.settle();
    const aliceId = alice.doc.clientID;
    const aliceClock = quiet.awareness.meta.get(aliceId)?.clock ?? 0;
    alice.disconnect();
    await h.settle();
    quiet.sendRaw(awarenessFrame([{ clientId: aliceId, clock: aliceClock, state: { name: 'alice' } }]));
    await h.settle();
    expect(connectionOf(quiet).awarenessClientId).toBeNull();
    const observer = h.connect('doc');
    await h.settle();
    expect(observer.awareness.getStates().has(aliceId)).toBe(false);
  });

  it('SYNC-AWARE-1: the same user reconnecting with the same client id gets it back', async () => {
    const h = createHarness();
    const context = { userId: 'u-dana', userName: 'Dana' };
    const dana = h.connect('doc', context, { awarenessState: { cursor: 1 } });
    const observer = h.connect('doc');
    await h.settle();
    dana.disconnect();
    await h.settle();
    expect(observer.awareness.getStates().has(dana.doc.clientID)).toBe(false);

    const again = h.connect('doc', context, { doc: dana.doc, connect: false });
    again.awareness.setLocalState({ cursor: 2 });
    again.connect();
    await h.settle();
    expect(connectionOf(again).awarenessClientId).toBe(dana.doc.clientID);
    expect(observer.awareness.getStates().get(dana.doc.clientID)).toMatchObject({ cursor: 2 });
  });

  it('SYNC-AWARE-7: a client reconnecting with the clock it had gets its presence back at once', async () => {
    const h = createHarness();
    const context = { userId: 'u-erin', userName: 'Erin' };
    const erin = h.connect('doc', context, { awarenessState: { cursor: 5 } });
    const observer = h.connect('doc');
    await h.settle();
    const clock = erin.awareness.meta.get(erin.doc.clientID)?.clock ?? 0;
    erin.disconnect();
    await h.settle();
    expect(observer.awareness.getStates().has(erin.doc.clientID)).toBe(false);

    // y-websocket re-sends the unchanged local state on reconnect: same clock, which the room saw removed.
    erin.connect();
    await h.settle();
    expect(erin.awareness.meta.get(erin.doc.clientID)?.clock).toBeGreaterThan(clock);
    expect(connectionOf(erin).awarenessClientId).toBe(erin.doc.clientID);
    expect(observer.awareness.getStates().get(erin.doc.clientID)).toMatchObject({ cursor: 5, user: { id: 'u-erin' } });
    // Later changes keep flowing.
    erin.awareness.setLocalState({ cursor: 6 });
    await h.settle();
    expect(observer.awareness.getStates().get(erin.doc.clientID)).toMatchObject({ cursor: 6 });
  });

  it('SYNC-AWARE-7: another connection of the same user cannot take the id over by echoing its old state', async () => {
    const h = createHarness();
    const context = { userId: 'u-finn', userName: 'Finn' };
    const tab1 = h.connect('doc', context, { awarenessState: { tab: 1 } });
    const tab2 = h.connect('doc', context);
    await h.settle();
    const id = tab1.doc.clientID;
    const clock = tab2.awareness.meta.get(id)?.clock ?? 0;
    tab1.disconnect();
    await h.settle();
    // A late echo of tab 1's last state from tab 2, which the server had told about it.
    tab2.sendRaw(awarenessFrame([{ clientId: id, clock, state: { tab: 1 } }]));
    await h.settle();
    expect(connectionOf(tab2).awarenessClientId).toBeNull();
    tab1.connect();
    await h.settle();
    expect(connectionOf(tab1).awarenessClientId).toBe(id);
    expect(tab2.awareness.getStates().get(id)).toMatchObject({ tab: 1 });
  });

  it('SYNC-PROTO-6: an awareness change reaches every connection, its sender included', async () => {
    const h = createHarness();
    const alice = h.connect('doc', {}, { awarenessState: { cursor: 1 } });
    const bob = h.connect('doc');
    await h.settle();
    const aliceBefore = sentTo(alice).length;
    const bobBefore = sentTo(bob).length;
    alice.awareness.setLocalState({ cursor: 2 });
    await h.settle();
    expect(frameKinds(sentTo(alice).slice(aliceBefore))).toEqual(['awareness']);
    expect(frameKinds(sentTo(bob).slice(bobBefore))).toEqual(['awareness']);
  });

  it('SYNC-PROTO-7: a connection that was sent nothing for keepAliveMs gets an empty awareness message', async () => {
    vi.useFakeTimers();
    const h = createHarness({ keepAliveMs: 10_000 });
    const quiet = h.connect('doc');
    await h.settle();
    const before = sentTo(quiet).length;
    await vi.advanceTimersByTimeAsync(10_000);
    const kept = sentTo(quiet).slice(before);
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(kept[0]).toEqual(Uint8Array.of(1, 1, 0));
    await h.settle();
    expect(quiet.closedWith).toBeNull();
    expect(quiet.unknownMessages).toEqual([]);
    // Never more often than every keepAliveMs / 2 while idle, and not at all with keepAliveMs 0.
    const count = sentTo(quiet).length;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(sentTo(quiet).length - count).toBeLessThanOrEqual(4);
    const off = createHarness({ keepAliveMs: 0 });
    const silent = off.connect('doc');
    await off.settle();
    const silentBefore = sentTo(silent).length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sentTo(silent)).toHaveLength(silentBefore);
  });

  it('SYNC-AWARE-9: the user and clock of a departed client id are forgotten after awarenessRetentionMs', async () => {
    vi.useFakeTimers();
    const h = createHarness({ awarenessRetentionMs: 60_000 });
    const gone = h.connect('doc', { userId: 'u-gone' }, { awarenessState: { here: true } });
    const stays = h.connect('doc');
    await h.settle();
    const id = gone.doc.clientID;
    gone.disconnect();
    await h.settle();
    const room = roomOf(h, 'doc');
    expect(room.awareness.meta.has(id)).toBe(true);
    // Within the retention another user may not take the id.
    const early = h.connect('doc', { userId: 'u-other' });
    await h.settle();
    early.sendRaw(awarenessFrame([{ clientId: id, clock: 50, state: { other: true } }]));
    await h.settle();
    expect(connectionOf(early).awarenessClientId).toBeNull();

    await vi.advanceTimersByTimeAsync(60_001);
    // Pruning happens as connections come and go.
    early.disconnect();
    await h.settle();
    expect(room.awareness.meta.has(id)).toBe(false);
    const late = h.connect('doc', { userId: 'u-other' });
    await h.settle();
    late.sendRaw(awarenessFrame([{ clientId: id, clock: 1, state: { other: true } }]));
    await h.settle();
    expect(connectionOf(late).awarenessClientId).toBe(id);
    expect(stays.closedWith).toBeNull();
  });

  it('SYNC-AWARE-4: when a connection closes, its presence is removed for everyone at once', async () => {
    const h = createHarness();
    const alice = h.connect('doc', {}, { awarenessState: { name: 'alice' } });
    const observer = h.connect('doc');
    await h.settle();
    expect(observer.awareness.getStates().has(alice.doc.clientID)).toBe(true);
    alice.disconnect();
    await h.settle();
    expect(observer.awareness.getStates().has(alice.doc.clientID)).toBe(false);
  });

  it('SYNC-AWARE-5: the server announces no presence of its own', async () => {
    const h = createHarness();
    const client = h.connect('doc');
    await h.settle();
    expect([...client.awareness.getStates().keys()]).toEqual([]);
  });
});

describe('Connection: bad input', () => {
  const malformed: [string, Uint8Array][] = [
    ['an empty frame', new Uint8Array(0)],
    ['a sync frame without sub-type', Uint8Array.of(0)],
    ['an update without its bytes', Uint8Array.of(0, 2)],
    ['an update longer than the frame', Uint8Array.of(0, 2, 50, 1, 2, 3)],
    ['an update Yjs cannot decode', Uint8Array.of(0, 2, 5, 0xff, 0xff, 0xff, 0xff, 0xff)],
    ['a step 2 Yjs cannot decode', Uint8Array.of(0, 1, 3, 1, 9, 0xff)],
    ['an unknown sync sub-type', Uint8Array.of(0, 7, 0)],
    ['a garbage state vector', Uint8Array.of(0, 0, 3, 5, 0xff, 0xff)],
    ['awareness with broken JSON', awarenessFrameRaw(1, 1, '{not json')],
    ['awareness cut short', Uint8Array.of(1, 4, 1, 1, 1)],
  ];

  for (const [name, frame] of malformed) {
    it(`SYNC-INPUT-2: ${name} closes only the sender with MALFORMED_MESSAGE`, async () => {
      await expectOnlySenderClosed(frame, CloseCode.MALFORMED_MESSAGE);
    });
  }

  it('SYNC-DUR-1: an update is decoded in full before it is applied, so a truncated one changes nothing', async () => {
    const source = new Y.Doc();
    source.getText('text').insert(0, 'sneaky');
    source.getMap('fields').set('severity', 'SEV0');
    const update = Y.encodeStateAsUpdate(source);
    // Without its last byte, Y.applyUpdate would integrate every struct and only then fail on the delete set.
    await expectOnlySenderClosed(updateFrameOf(update.slice(0, -1)), CloseCode.MALFORMED_MESSAGE);
  });

  it('SYNC-INPUT-1: a frame over maxMessageBytes closes only the sender with MESSAGE_TOO_LARGE', async () => {
    await expectOnlySenderClosed(updateFrameOfSize(5000), CloseCode.MESSAGE_TOO_LARGE, { maxMessageBytes: 4096 });
  });

  it('SYNC-INPUT-1: an oversized frame is refused even while the document loads', async () => {
    const h = createHarness({ maxMessageBytes: 100 });
    const gate = h.store.hold('load');
    const client = h.connect('doc');
    client.sendRaw(new Uint8Array(101));
    await h.settle();
    expect(client.closedWith?.code).toBe(CloseCode.MESSAGE_TOO_LARGE);
    gate.release();
  });

  it('SYNC-INPUT-3: an unknown message type closes only the sender with MALFORMED_MESSAGE', async () => {
    await expectOnlySenderClosed(Uint8Array.of(42), CloseCode.MALFORMED_MESSAGE);
  });

  it('SYNC-INPUT-3 / SYNC-PROTO-1: an auth message from a client is not accepted', async () => {
    await expectOnlySenderClosed(Uint8Array.of(2, 0, 0), CloseCode.MALFORMED_MESSAGE);
  });

  it('SYNC-INPUT-4: random garbage never throws out of receive and never hurts other connections or rooms', async () => {
    const random = createRandom(seedFromName('SYNC-INPUT-4 fuzz'));
    const h = createHarness();
    const alice = h.connect('doc');
    const bob = h.connect('doc');
    const neighbour = h.connect('other-doc');
    await h.settle();
    for (let round = 0; round < 200; round++) {
      const socket = new MemorySocket();
      const context = round % 2 === 0 ? viewer : { ...viewer, userId: 'u-fuzz', role: 'editor', readOnly: false };
      const connection = h.server.handleConnection('doc', socket, context);
      const frame = random.bytes(random.int(0, 40));
      // Sometimes a plausible header, so the fuzz reaches the sync and awareness decoders.
      if (random.bool()) frame.set([random.int(0, 1), random.int(0, 2)].slice(0, frame.length));
      expect(() => connection.receive(frame)).not.toThrow();
      expect(() => connection.receive(frame)).not.toThrow();
      connection.handleClose();
    }
    alice.doc.getText('text').insert(0, 'still working');
    neighbour.doc.getText('text').insert(0, 'me too');
    await h.settle();
    // Garbage that happens to decode as a valid update may change the document; everyone still converges.
    expect(text(bob)).toContain('still working');
    expect(text(bob)).toBe(text(alice));
    expect(h.store.storedDoc('other-doc').getText('text').toString()).toBe('me too');
  });

  it('SYNC-INPUT-4: frames after the close are ignored', async () => {
    const h = createHarness();
    const client = h.connect('doc');
    await h.settle();
    const connection = connectionOf(client);
    connection.receive(Uint8Array.of(42));
    expect(connection.closed).toBe(true);
    const sent = sentTo(client).length;
    const update = Y.encodeStateAsUpdate(docWithText('late'));
    expect(() => connection.receive(updateFrameOf(update))).not.toThrow();
    await h.settle();
    expect(sentTo(client)).toHaveLength(sent);
    expect(h.store.calls.append).toBe(0);
  });

  it('SYNC-INPUT-4: a socket whose send throws is closed with INTERNAL_ERROR without disturbing the room', async () => {
    const h = createHarness();
    const alice = h.connect('doc');
    const bob = h.connect('doc');
    await h.settle();
    const socket = bob.socket as MemorySocket;
    socket.onSend = () => {
      throw new Error('socket exploded');
    };
    alice.doc.getText('text').insert(0, 'hello');
    await h.settle();
    expect(socket.closeCode).toBe(CloseCode.INTERNAL_ERROR);
    expect(connectionOf(alice).closed).toBe(false);
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe('hello');
  });
});

describe('Connection: slow consumers', () => {
  it('SYNC-SLOW-1: a socket whose buffer exceeds maxBufferedBytes is closed with SLOW_CONSUMER; others keep syncing', async () => {
    const h = createHarness({ maxBufferedBytes: 1024 });
    const writer = h.connect('doc');
    const slow = h.connect('doc');
    const fine = h.connect('doc');
    await h.settle();
    (slow.socket as MemorySocket).bufferedAmount = 1025;
    const sent = sentTo(slow).length;
    writer.doc.getText('text').insert(0, 'news');
    await h.settle();
    expect(slow.closedWith?.code).toBe(CloseCode.SLOW_CONSUMER);
    expect(sentTo(slow)).toHaveLength(sent);
    expect(text(fine)).toBe('news');
  });
});

/** Sends `frame` from one client and checks that only it was closed, and that the room still works unchanged. */
async function expectOnlySenderClosed(
  frame: Uint8Array,
  code: number,
  options: Parameters<typeof createHarness>[0] = {},
): Promise<void> {
  const h: Harness = createHarness(options);
  const alice = h.connect('doc');
  const bob = h.connect('doc');
  const mallory = h.connect('doc');
  alice.doc.getText('text').insert(0, 'before');
  await h.settle();
  const stateBefore = await h.server.getDocumentState('doc');

  const connection = connectionOf(mallory);
  expect(() => connection.receive(frame)).not.toThrow();
  await h.settle();
  expect(mallory.closedWith?.code).toBe(code);
  expect(await h.server.getDocumentState('doc')).toEqual(stateBefore);
  expect(h.server.stats().connections).toBe(2);

  alice.doc.getText('text').insert(6, ' and after');
  await h.settle();
  expect(text(bob)).toBe('before and after');
}

function docWithText(value: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('text').insert(0, value);
  return doc;
}

function updateFrameOf(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function updateFrameOfSize(bytes: number): Uint8Array {
  return updateFrameOf(Y.encodeStateAsUpdate(docWithText('x'.repeat(bytes))));
}

function awarenessFrame(entries: { clientId: number; clock: number; state: unknown }[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(inner, entry.clientId);
    encoding.writeVarUint(inner, entry.clock);
    encoding.writeVarString(inner, JSON.stringify(entry.state));
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  return encoding.toUint8Array(encoder);
}

function awarenessFrameRaw(clientId: number, clock: number, json: string): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, json);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  return encoding.toUint8Array(encoder);
}
