import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from './close-codes.ts';
import { createHarness, frameKinds, sentTo, text } from './test-support.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('Room: load before sync', () => {
  it('SYNC-LOAD-1: a client connecting during a slow load gets nothing until it finishes, then the stored document', async () => {
    const h = createHarness();
    h.store.seed('doc', { updates: [updateOf((doc) => doc.getText('text').insert(0, 'stored text'))] });
    const gate = h.store.hold('load');
    const client = h.connect('doc');
    await h.settle();
    expect(sentTo(client)).toEqual([]);

    gate.release();
    await h.settle();
    const kinds = frameKinds(sentTo(client));
    expect(kinds[0]).toBe('sync-step1');
    // The very first document content the client receives is the stored one, never an empty stand-in.
    const firstStep2 = sentTo(client)[kinds.indexOf('sync-step2')];
    expect(firstStep2).toBeDefined();
    expect(textOfStep2(firstStep2 as Uint8Array)).toBe('stored text');
    expect(text(client)).toBe('stored text');
  });

  it('SYNC-LOAD-2: frames sent during the load are handled after it, in order, and stored', async () => {
    const h = createHarness();
    const gate = h.store.hold('load');
    const client = h.connect('doc', {}, { awarenessState: { cursor: 3 } });
    const watcher = h.connect('doc');
    client.doc.getText('text').insert(0, 'a');
    client.doc.getText('text').insert(1, 'b');
    client.doc.getText('text').insert(2, 'c');
    await h.settle();
    expect(h.store.calls.append).toBe(0);

    gate.release();
    await h.settle();
    await h.server.flushAll();
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe('abc');
    expect(text(watcher)).toBe('abc');
    expect(watcher.awareness.getStates().get(client.doc.clientID)).toMatchObject({ cursor: 3 });
    const kinds = frameKinds(sentTo(client));
    expect(kinds.slice(0, 2)).toEqual(['sync-step1', 'sync-step2']);
  });

  it('SYNC-LOAD-3: too many queued frames close only that connection with QUEUE_OVERFLOW', async () => {
    const h = createHarness({ maxQueuedMessages: 5 });
    const gate = h.store.hold('load');
    const noisy = h.connect('doc');
    const patient = h.connect('doc');
    for (let index = 0; index < 10; index++) noisy.sendRaw(Uint8Array.of(3));
    await h.settle();
    expect(noisy.closedWith?.code).toBe(CloseCode.QUEUE_OVERFLOW);
    expect(patient.closedWith).toBeNull();

    gate.release();
    await h.settle();
    expect(patient.synced).toBe(true);
  });

  it('SYNC-LOAD-3: too many queued bytes close only that connection with QUEUE_OVERFLOW', async () => {
    const h = createHarness({ maxQueuedBytes: 1000 });
    const gate = h.store.hold('load');
    const noisy = h.connect('doc');
    const patient = h.connect('doc');
    noisy.sendRaw(new Uint8Array(1500));
    await h.settle();
    expect(noisy.closedWith?.code).toBe(CloseCode.QUEUE_OVERFLOW);
    expect(patient.closedWith).toBeNull();
    gate.release();
    await h.settle();
    expect(patient.synced).toBe(true);
  });

  it('SYNC-LOAD-4: connections and API calls for one document share one load', async () => {
    const h = createHarness();
    const gate = h.store.hold('load');
    const clients = [h.connect('doc'), h.connect('doc'), h.connect('doc')];
    const change = h.server.withDocument('doc', (doc) => doc.getText('text').insert(0, 'x'));
    const state = h.server.getDocumentState('doc');
    await h.settle();
    gate.release();
    await Promise.all([change, state]);
    await h.settle();
    expect(h.store.calls.load).toBe(1);
    for (const client of clients) expect(text(client)).toBe('x');
  });

  it('SYNC-LOAD-5: an empty load is a new document, and loading writes nothing', async () => {
    const h = createHarness();
    const client = h.connect('doc');
    await h.settle();
    await h.server.flushAll();
    expect(client.synced).toBe(true);
    expect(text(client)).toBe('');
    expect(h.store.calls).toMatchObject({ load: 1, append: 0, compact: 0 });
    expect(h.store.documentIds()).toEqual([]);
  });

  it('SYNC-LOAD-6: a failed load closes waiting sockets with LOAD_FAILED, never writes, and the next connection retries', async () => {
    // No backoff (SYNC-LOAD-7), so the very next connection retries.
    const h = createHarness({ loadRetry: { initialMs: 0, maxMs: 0 } });
    const gate = h.store.hold('load');
    const client = h.connect('doc');
    client.doc.getText('text').insert(0, 'typed while loading');
    const change = h.server.withDocument('doc', (doc) => doc.getText('text').insert(0, 'api'));
    await h.settle();

    gate.fail(new Error('database unavailable'));
    await expect(change).rejects.toMatchObject({ code: 'LOAD_FAILED' });
    await h.settle();
    expect(client.closedWith?.code).toBe(CloseCode.LOAD_FAILED);
    expect(h.store.calls).toMatchObject({ append: 0, compact: 0 });
    expect(h.store.documentIds()).toEqual([]);
    expect(h.server.stats().rooms).toBe(0);
    expect(h.logger.messages('error')).toContain('sync document load failed');

    const retry = h.connect('doc');
    await h.settle();
    expect(h.store.calls.load).toBe(2);
    expect(retry.synced).toBe(true);
  });

  it('SYNC-LOAD-6: stored bytes that cannot be applied fail the load and are left untouched', async () => {
    const h = createHarness();
    const garbage = Uint8Array.of(7, 200, 1, 2, 3);
    h.store.seed('doc', { updates: [garbage] });
    const client = h.connect('doc');
    await h.settle();
    expect(client.closedWith?.code).toBe(CloseCode.LOAD_FAILED);
    expect(h.store.calls).toMatchObject({ append: 0, compact: 0 });
    expect(h.store.inspect('doc').updates.map((row) => row.update)).toEqual([garbage]);
  });
});

describe('Room: failing loads are bounded', () => {
  it('SYNC-LOAD-8: a load that does not finish within loadTimeoutMs fails with LOAD_FAILED', async () => {
    vi.useFakeTimers();
    const h = createHarness({ loadTimeoutMs: 5_000, loadRetry: { initialMs: 0, maxMs: 0 } });
    const gate = h.store.hold('load');
    const client = h.connect('doc');
    const change = h.server.withDocument('doc', (doc) => doc.getText('text').insert(0, 'x'));
    change.catch(() => undefined);
    await vi.advanceTimersByTimeAsync(4_999);
    await h.settle();
    expect(client.closedWith).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    await h.settle();
    expect(client.closedWith?.code).toBe(CloseCode.LOAD_FAILED);
    await expect(change).rejects.toMatchObject({ code: 'LOAD_FAILED' });
    expect(h.server.stats().rooms).toBe(0);
    // The late answer of the store changes nothing; the next connection loads afresh.
    gate.release();
    await h.settle();
    expect(h.store.calls).toMatchObject({ append: 0, compact: 0 });
    const retry = h.connect('doc');
    await h.settle();
    expect(retry.synced).toBe(true);
  });

  it('SYNC-LOAD-7: after a failed load the document is refused without touching the store until the backoff ends', async () => {
    vi.useFakeTimers();
    const h = createHarness({ loadRetry: { initialMs: 1_000, maxMs: 4_000 } });
    h.store.failNext('load', 2);
    const first = h.connect('doc');
    await h.settle();
    expect(first.closedWith?.code).toBe(CloseCode.LOAD_FAILED);
    expect(h.store.calls.load).toBe(1);

    const impatient = h.connect('doc');
    await expect(h.server.withDocument('doc', () => undefined)).rejects.toMatchObject({ code: 'LOAD_FAILED' });
    await expect(h.server.getDocumentState('doc')).rejects.toMatchObject({ code: 'LOAD_FAILED' });
    await h.settle();
    expect(impatient.closedWith?.code).toBe(CloseCode.LOAD_FAILED);
    expect(h.store.calls.load).toBe(1);

    // After 1 s it tries again (and fails again: the next wait is 2 s).
    await vi.advanceTimersByTimeAsync(1_000);
    const second = h.connect('doc');
    await h.settle();
    expect(second.closedWith?.code).toBe(CloseCode.LOAD_FAILED);
    expect(h.store.calls.load).toBe(2);
    await vi.advanceTimersByTimeAsync(1_000);
    h.connect('doc');
    await h.settle();
    expect(h.store.calls.load).toBe(2);
    await vi.advanceTimersByTimeAsync(1_000);
    const third = h.connect('doc');
    await h.settle();
    expect(h.store.calls.load).toBe(3);
    expect(third.synced).toBe(true);
    // A successful load ends the backoff for good.
    third.disconnect();
    await h.server.shutdown();
  });
});

describe('Room: failed loads never write', () => {
  it('SYNC-COMPACT-4: a room whose load failed never compacts, even with a log over the thresholds and idle time', async () => {
    vi.useFakeTimers();
    const h = createHarness({ compactAfterUpdates: 1, idleUnloadMs: 100 });
    const updates = ['a', 'b', 'c'].map((value) => updateOf((doc) => doc.getText('text').insert(0, value)));
    h.store.seed('doc', { updates });
    h.store.failNext('load', 1);
    const client = h.connect('doc');
    client.doc.getText('text').insert(0, 'typed');
    await h.settle();
    await vi.advanceTimersByTimeAsync(1000);
    await h.settle();
    expect(client.closedWith?.code).toBe(CloseCode.LOAD_FAILED);
    expect(h.store.calls).toMatchObject({ load: 1, append: 0, compact: 0 });
    expect(h.store.inspect('doc').updates.map((row) => row.update)).toEqual(updates);
  });
});

describe('Room: idle unload', () => {
  it('SYNC-IDLE-1: after the last connection leaves and idleUnloadMs passes, the room flushes, compacts and unloads', async () => {
    vi.useFakeTimers();
    const h = createHarness({ idleUnloadMs: 1000 });
    const client = h.connect('doc');
    await h.settle();
    client.doc.getText('text').insert(0, 'keep me');
    await h.settle();
    client.disconnect();
    await h.settle();

    await vi.advanceTimersByTimeAsync(999);
    await h.settle();
    expect(h.server.stats().rooms).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await h.settle();
    expect(h.server.stats().rooms).toBe(0);
    expect(h.store.calls.compact).toBe(1);
    const stored = h.store.inspect('doc');
    expect(stored.checkpoint).not.toBeNull();
    expect(stored.updates).toEqual([]);
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe('keep me');
  });

  it('SYNC-IDLE-2: a connection arriving before the unload cancels it, and the room is reused', async () => {
    vi.useFakeTimers();
    const h = createHarness({ idleUnloadMs: 1000 });
    const first = h.connect('doc');
    first.doc.getText('text').insert(0, 'still here');
    await h.settle();
    first.disconnect();
    await vi.advanceTimersByTimeAsync(500);
    const second = h.connect('doc');
    await vi.advanceTimersByTimeAsync(5000);
    await h.settle();
    expect(h.server.stats().rooms).toBe(1);
    expect(h.store.calls.load).toBe(1);
    expect(text(second)).toBe('still here');
  });

  it('SYNC-IDLE-2: a connection arriving while the unload flushes keeps the room', async () => {
    vi.useFakeTimers();
    const h = createHarness({ idleUnloadMs: 1000 });
    const first = h.connect('doc');
    await h.settle();
    const gate = h.store.hold('append');
    first.doc.getText('text').insert(0, 'in flight');
    await h.settle();
    first.disconnect();
    await vi.advanceTimersByTimeAsync(1000);
    const second = h.connect('doc');
    gate.release();
    await h.settle();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.server.stats().rooms).toBe(1);
    expect(h.store.calls.load).toBe(1);
    expect(text(second)).toBe('in flight');
  });

  it('SYNC-IDLE-3: while appends fail the room stays in memory with its updates, and unloads once the store recovers', async () => {
    vi.useFakeTimers();
    const h = createHarness({ idleUnloadMs: 1000, retry: { initialMs: 100, maxMs: 400 } });
    const client = h.connect('doc');
    await h.settle();
    h.store.setFailing('append', true);
    client.doc.getText('text').insert(0, 'precious');
    await h.settle();
    client.disconnect();
    await h.settle();
    for (let step = 0; step < 20; step++) await vi.advanceTimersByTimeAsync(500);
    expect(h.server.stats()).toMatchObject({ rooms: 1, pendingUpdates: 1 });
    expect(h.logger.messages('error')).toContain('sync append failed; keeping updates in memory and retrying');

    h.store.setFailing('append', false);
    await vi.advanceTimersByTimeAsync(400);
    await h.settle();
    await vi.advanceTimersByTimeAsync(1000);
    await h.settle();
    expect(h.server.stats().rooms).toBe(0);
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe('precious');
  });

  it('SYNC-IDLE-3: a failed idle compaction still unloads; the log alone reproduces the document', async () => {
    vi.useFakeTimers();
    const h = createHarness({ idleUnloadMs: 1000 });
    const client = h.connect('doc');
    client.doc.getText('text').insert(0, 'logged');
    await h.settle();
    h.store.setFailing('compact', true);
    client.disconnect();
    await vi.advanceTimersByTimeAsync(1000);
    await h.settle();
    expect(h.server.stats().rooms).toBe(0);
    expect(h.store.inspect('doc').checkpoint).toBeNull();
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe('logged');
    expect(h.logger.messages('error')).toContain('sync compaction failed; the update log is kept as it is');
  });
});

function updateOf(change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  change(doc);
  return Y.encodeStateAsUpdate(doc);
}

function textOfStep2(frame: Uint8Array): string {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
  return doc.getText('text').toString();
}
