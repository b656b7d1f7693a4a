/**
 * What one connection can make the server do: sync step 1 answers (encoding), read-only write checks, awareness
 * states. The encoders and Yjs' snapshot are wrapped in spies (same implementations) to count the expensive work.
 */
import { createRandom, seedFromName } from '@parallax/testing';
import type { MemorySocket } from '@parallax/testing';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from './close-codes.ts';
import * as frames from './frames.ts';
import { connectionOf, createHarness, frameKinds, sentTo, text, viewer } from './test-support.ts';
import { wouldChangeDocument } from './update-effect.ts';

vi.mock('./frames.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof frames>();
  return { ...actual, encodeSyncStep2: vi.fn(actual.encodeSyncStep2) };
});

vi.mock('yjs', async (importOriginal) => {
  const actual = await importOriginal<typeof Y>();
  return {
    ...actual,
    snapshot: vi.fn(actual.snapshot),
    snapshotContainsUpdate: vi.fn(actual.snapshotContainsUpdate),
  };
});

const encodeStep2 = vi.mocked(frames.encodeSyncStep2);

beforeEach(() => {
  encodeStep2.mockClear();
  vi.mocked(Y.snapshot).mockClear();
  vi.mocked(Y.snapshotContainsUpdate).mockClear();
});

afterEach(() => {
  vi.useRealTimers();
});

function step1Frame(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint8Array(encoder, stateVector);
  return encoding.toUint8Array(encoder);
}

function syncFrame(subType: number, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, subType);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function awarenessFrame(entries: { clientId: number; clock: number; json: string }[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(inner, entry.clientId);
    encoding.writeVarUint(inner, entry.clock);
    encoding.writeVarString(inner, entry.json);
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  return encoding.toUint8Array(encoder);
}

async function seeded(h: ReturnType<typeof createHarness>, content = 'x'.repeat(2000)): Promise<void> {
  await h.server.withDocument('doc', (doc) => doc.getText('text').insert(0, content));
}

describe('Connection: sync step 1 is bounded', () => {
  it('SYNC-SLOW-1: a step 1 from a socket over maxBufferedBytes closes it before anything is encoded', async () => {
    const h = createHarness({ maxBufferedBytes: 1024 });
    await seeded(h);
    const slow = h.connect('doc', viewer);
    await h.settle();
    encodeStep2.mockClear();
    (slow.socket as MemorySocket).bufferedAmount = 4096;
    const sent = sentTo(slow).length;
    const known = new Y.Doc();
    known.getText('other').insert(0, 'a');
    connectionOf(slow).receive(step1Frame(Y.encodeStateVector(known)));
    expect(slow.closedWith?.code).toBe(CloseCode.SLOW_CONSUMER);
    expect(encodeStep2).not.toHaveBeenCalled();
    expect(sentTo(slow)).toHaveLength(sent);
  });

  it('SYNC-SLOW-2: a flood of step 1 frames is answered at the rate limit, and the newest one last', async () => {
    vi.useFakeTimers();
    const h = createHarness({ syncStep1Rate: { burst: 3, perSecond: 2 } });
    await seeded(h);
    const flooder = h.connect('doc', viewer);
    await h.settle();
    encodeStep2.mockClear();
    const connection = connectionOf(flooder);
    const partial = new Y.Doc();
    partial.getText('other').insert(0, 'p');
    const before = sentTo(flooder).length;
    for (let index = 0; index < 1000; index++) connection.receive(step1Frame(Y.encodeStateVector(partial)));
    // The burst is 3 and the client's own step 1 on connect took one: two answered at once; the rest wait, and only
    // the newest of them is answered later.
    expect(frameKinds(sentTo(flooder).slice(before))).toEqual(['sync-step2', 'sync-step2']);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(frameKinds(sentTo(flooder).slice(before))).toEqual(['sync-step2', 'sync-step2', 'sync-step2']);
    expect(encodeStep2).toHaveBeenCalledTimes(3);
    expect(flooder.closedWith).toBeNull();
  });

  it('SYNC-PROTO-3: many newcomers that know nothing cost one encode per document version', async () => {
    const h = createHarness();
    await seeded(h, 'first version');
    const clients = Array.from({ length: 20 }, () => h.connect('doc', viewer));
    await h.settle();
    for (const client of clients) expect(text(client)).toBe('first version');
    const fullStateEncodes = () => encodeStep2.mock.calls.filter(([, sv]) => sv.byteLength === 1).length;
    expect(fullStateEncodes()).toBe(1);

    await h.server.withDocument('doc', (doc) => doc.getText('text').insert(0, 'second: '));
    const late = Array.from({ length: 5 }, () => h.connect('doc', viewer));
    await h.settle();
    for (const client of late) expect(text(client)).toBe('second: first version');
    expect(fullStateEncodes()).toBe(2);
  });
});

describe('Connection: read-only writes are checked without a snapshot', () => {
  it('SYNC-RO-2: no-op step 2 frames from a read-only connection never snapshot the document', async () => {
    const h = createHarness();
    await seeded(h);
    await h.server.withDocument('doc', (doc) => doc.getText('text').delete(0, 100));
    const reader = h.connect('doc', viewer);
    await h.settle();
    vi.mocked(Y.snapshot).mockClear();
    const echo = syncFrame(1, Y.encodeStateAsUpdate(reader.doc));
    for (let index = 0; index < 50; index++) connectionOf(reader).receive(echo);
    expect(Y.snapshot).not.toHaveBeenCalled();
    expect(Y.snapshotContainsUpdate).not.toHaveBeenCalled();
    expect(reader.permissionDenied).toEqual([]);
    // A real change still earns its notice.
    reader.doc.getText('text').delete(0, 1);
    await h.settle();
    expect(reader.permissionDenied).toHaveLength(1);
  });

  it('SYNC-RO-2: "would this change the document" agrees with Yjs snapshots on random documents and updates', () => {
    const random = createRandom(seedFromName('SYNC-RO-2 wouldChangeDocument'));
    for (let round = 0; round < 150; round++) {
      const base = new Y.Doc();
      base.clientID = 1 + (round % 3);
      for (let step = 0; step < random.int(0, 6); step++) edit(base, random);
      const server = new Y.Doc();
      Y.applyUpdate(server, Y.encodeStateAsUpdate(base));
      const client = new Y.Doc();
      client.clientID = 10 + (round % 4);
      Y.applyUpdate(client, Y.encodeStateAsUpdate(base));
      // The server moves on too, sometimes deleting what the client will delete as well.
      if (random.bool(0.4)) edit(server, random);
      const before = Y.encodeStateVector(client);
      if (random.bool(0.7)) edit(client, random);
      const update = random.bool(0.5) ? Y.encodeStateAsUpdate(client) : Y.encodeStateAsUpdate(client, before);
      const expected = !Y.snapshotContainsUpdate(Y.snapshot(server), update);
      expect(wouldChangeDocument(server, Y.decodeUpdate(update)), `round ${round}`).toBe(expected);
    }
  });
});

describe('Connection: awareness is bounded', () => {
  it('SYNC-AWARE-6: entries for ids the connection does not own are skipped without parsing their JSON', async () => {
    const h = createHarness();
    const alice = h.connect('doc', {}, { awarenessState: { name: 'alice' } });
    const bob = h.connect('doc', {}, { awarenessState: { name: 'bob' } });
    await h.settle();
    // Bob "echoes" Alice's id with garbage: not his, so never parsed, and no reason to close him.
    bob.sendRaw(awarenessFrame([{ clientId: alice.doc.clientID, clock: 1, json: '{definitely not json' }]));
    await h.settle();
    expect(bob.closedWith).toBeNull();
    expect(alice.awareness.getStates().get(bob.doc.clientID)).toMatchObject({ name: 'bob' });
  });

  it('SYNC-AWARE-8: an owned awareness state over maxAwarenessStateBytes closes the connection', async () => {
    const h = createHarness({ maxAwarenessStateBytes: 1024 });
    const observer = h.connect('doc');
    const big = h.connect('doc', {}, { awarenessState: { blob: 'z'.repeat(2000) } });
    await h.settle();
    expect(big.closedWith?.code).toBe(CloseCode.AWARENESS_TOO_LARGE);
    expect(observer.awareness.getStates().has(big.doc.clientID)).toBe(false);
    expect(observer.closedWith).toBeNull();
  });

  it('SYNC-AWARE-8: a big state the connection does not own (an echo) does not close it', async () => {
    const h = createHarness({ maxAwarenessStateBytes: 1024 });
    const sender = h.connect('doc', {}, { awarenessState: { name: 'sender' } });
    await h.settle();
    sender.sendRaw(awarenessFrame([{ clientId: 987654, clock: 1, json: JSON.stringify({ blob: 'z'.repeat(5000) }) }]));
    await h.settle();
    expect(sender.closedWith).toBeNull();
  });

  it('SYNC-AWARE-8: awareness states are applied at the rate limit; the newest waiting state wins', async () => {
    vi.useFakeTimers();
    const h = createHarness({ awarenessRate: { burst: 5, perSecond: 5 } });
    const observer = h.connect('doc');
    const chatty = h.connect('doc', {}, { awarenessState: { cursor: 0 } });
    await h.settle();
    const before = sentTo(observer).length;
    for (let cursor = 1; cursor <= 300; cursor++) chatty.awareness.setLocalState({ cursor });
    await h.settle();
    const broadcasts = frameKinds(sentTo(observer).slice(before)).filter((kind) => kind === 'awareness').length;
    expect(broadcasts).toBeLessThanOrEqual(5);
    await vi.advanceTimersByTimeAsync(1_000);
    await h.settle();
    expect(observer.awareness.getStates().get(chatty.doc.clientID)).toMatchObject({ cursor: 300 });
    const total = frameKinds(sentTo(observer).slice(before)).filter((kind) => kind === 'awareness').length;
    expect(total).toBeLessThanOrEqual(7);
    expect(chatty.closedWith).toBeNull();
  });
});

describe('Connection: the load queue of a room is bounded', () => {
  it('SYNC-LOAD-3: connections that together queue more than maxRoomQueuedBytes are closed with QUEUE_OVERFLOW', async () => {
    const h = createHarness({ maxQueuedBytes: 1000, maxRoomQueuedBytes: 2500 });
    const gate = h.store.hold('load');
    const clients = [h.connect('doc'), h.connect('doc'), h.connect('doc')];
    for (const client of clients) client.sendRaw(new Uint8Array(900));
    await h.settle();
    expect(clients.map((client) => client.closedWith?.code ?? null)).toEqual([null, null, CloseCode.QUEUE_OVERFLOW]);
    // The queued bytes of a connection that leaves are given back.
    clients[0]?.disconnect();
    const another = h.connect('doc');
    another.sendRaw(new Uint8Array(900));
    await h.settle();
    expect(another.closedWith).toBeNull();
    gate.release();
    await h.settle();
  });
});

function edit(doc: Y.Doc, random: ReturnType<typeof createRandom>): void {
  const textType = doc.getText('text');
  const roll = random.next();
  if (roll < 0.45 || textType.length === 0) textType.insert(random.int(0, textType.length), random.word(1, 5));
  else if (roll < 0.85) {
    const start = random.int(0, textType.length - 1);
    textType.delete(start, random.int(1, Math.min(3, textType.length - start)));
  } else doc.getMap('fields').set(`f${random.int(0, 2)}`, random.word());
}
