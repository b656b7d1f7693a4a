import { MemoryDocumentStore } from '@parallax/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createHarness, text } from './test-support.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('UpdateCommitter: group commit', () => {
  it('SYNC-DUR-2: many updates during one append become few appends, at most one in flight, all stored in order', async () => {
    const h = createHarness();
    const client = h.connect('doc');
    await h.settle();
    const gate = h.store.hold('append');
    const typed = 'the quick brown fox jumps over the lazy dog';
    // One keystroke per delivery round, like frames arriving one by one while the first append is held.
    for (const [index, char] of [...typed].entries()) {
      client.doc.getText('text').insert(index, char);
      await h.settle();
    }
    expect(h.store.active.append).toBe(1);
    expect(h.store.calls.append).toBe(1);

    gate.release();
    await h.server.flushAll();
    expect(h.store.appends.length).toBe(2);
    expect(h.store.appends.map((append) => append.count)).toEqual([1, typed.length - 1]);
    expect(h.store.maxConcurrentAppends).toBe(1);
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe(typed);
    const seqs = h.store.inspect('doc').updates.map((row) => row.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('SYNC-DUR-2: the first commit starts without waiting for any timer', async () => {
    vi.useFakeTimers();
    const h = createHarness();
    const client = h.connect('doc');
    await h.settle();
    client.doc.getText('text').insert(0, 'now');
    // Only microtasks and the store's own promise run here: no fake timer is advanced.
    await h.settle();
    expect(h.store.appends).toHaveLength(1);
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe('now');
  });

  it('SYNC-DUR-3: every change, from any source, is stored once; loading the store reproduces the document', async () => {
    const h = createHarness();
    const alice = h.connect('doc');
    const bob = h.connect('doc');
    await h.settle();
    alice.doc.getText('text').insert(0, 'alice ');
    bob.doc.getMap('fields').set('severity', 'SEV2');
    await h.server.withDocument('doc', (doc) => doc.getText('text').insert(0, 'server '));
    await h.settle();
    await h.server.flushAll();
    // A duplicate of an applied update changes nothing and is not logged again.
    const appendsBefore = h.store.appends.length;
    alice.sendRaw(updateFrame(Y.encodeStateAsUpdate(alice.doc)));
    await h.settle();
    await h.server.flushAll();
    expect(h.store.appends.length).toBe(appendsBefore);

    const stored = h.store.storedDoc('doc');
    expect(stored.getText('text').toString()).toBe(text(alice));
    expect(stored.getMap('fields').get('severity')).toBe('SEV2');
    expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(alice.doc));
  });

  it('SYNC-DUR-4: a failing append is retried with backoff, keeps order, loses nothing and keeps the room', async () => {
    vi.useFakeTimers();
    const h = createHarness({ retry: { initialMs: 100, maxMs: 1000 } });
    const client = h.connect('doc');
    await h.settle();
    h.store.failNext('append', 3);
    client.doc.getText('text').insert(0, 'one ');
    await h.settle();
    client.doc.getText('text').insert(4, 'two ');
    await h.settle();
    expect(h.store.calls.append).toBe(1);
    expect(h.server.stats().pendingUpdates).toBe(2);

    await vi.advanceTimersByTimeAsync(100);
    await h.settle();
    expect(h.store.calls.append).toBe(2);
    await vi.advanceTimersByTimeAsync(200);
    await h.settle();
    expect(h.store.calls.append).toBe(3);
    await vi.advanceTimersByTimeAsync(400);
    await h.settle();
    expect(h.store.calls.append).toBe(4);
    expect(h.server.stats()).toMatchObject({ rooms: 1, pendingUpdates: 0 });
    expect(h.store.appends.map((append) => append.count)).toEqual([2]);
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe('one two ');
    expect(h.logger.messages('error').filter((msg) => msg.startsWith('sync append failed'))).toHaveLength(3);
  });
});

describe('UpdateCommitter: compaction', () => {
  it('SYNC-COMPACT-1: compacts once the log holds more than compactAfterUpdates updates', async () => {
    const h = createHarness({ compactAfterUpdates: 5 });
    const client = h.connect('doc');
    await h.settle();
    for (let index = 0; index < 5; index++) {
      client.doc.getText('text').insert(index, String(index));
      await h.settle();
    }
    expect(h.store.calls.compact).toBe(0);
    client.doc.getText('text').insert(5, '5');
    await h.settle();
    expect(h.store.calls.compact).toBe(1);
    const stored = h.store.inspect('doc');
    expect(stored.updates).toEqual([]);
    expect(stored.checkpointSeq).toBe(6);
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe('012345');
  });

  it('SYNC-COMPACT-1: compacts once the log holds more than compactAfterBytes', async () => {
    const h = createHarness({ compactAfterBytes: 2000 });
    const client = h.connect('doc');
    await h.settle();
    client.doc.getText('text').insert(0, 'a'.repeat(1500));
    await h.settle();
    expect(h.store.calls.compact).toBe(0);
    client.doc.getText('text').insert(0, 'b'.repeat(1000));
    await h.settle();
    expect(h.store.calls.compact).toBe(1);
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe('b'.repeat(1000) + 'a'.repeat(1500));
  });

  it('SYNC-COMPACT-1: under sustained load (queue never empty) compacts past four times the threshold', async () => {
    const h = createHarness({ compactAfterUpdates: 5 });
    const client = h.connect('doc');
    await h.settle();
    const first = h.store.hold('append');
    for (let index = 0; index < 25; index++) client.doc.getText('text').insert(index, 'x');
    await h.settle();
    const second = h.store.hold('append');
    first.release();
    await h.settle();
    // The batch of 24 is in flight; one more edit waits behind it.
    client.doc.getText('text').insert(0, 'y');
    await h.settle();
    second.release();
    await h.server.flushAll();
    await h.settle();
    expect(h.store.calls.compact).toBeGreaterThanOrEqual(1);
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe('y' + 'x'.repeat(25));
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe(text(client));
  });

  it('SYNC-COMPACT-2: the checkpoint is the live document; reloading it equals the document', async () => {
    const h = createHarness({ compactAfterUpdates: 10 });
    const client = h.connect('doc');
    await h.settle();
    const textType = client.doc.getText('text');
    for (let index = 0; index < 30; index++) {
      textType.insert(textType.length, `line ${index}\n`);
      if (index % 3 === 0) textType.delete(0, 2);
      client.doc.getMap('fields').set(`f${index % 4}`, index);
      await h.settle();
    }
    await h.server.flushAll();
    expect(h.store.calls.compact).toBeGreaterThan(0);
    const stored = h.store.inspect('doc');
    expect(stored.checkpoint).not.toBeNull();
    const reloaded = h.store.storedDoc('doc');
    expect(reloaded.getText('text').toString()).toBe(textType.toString());
    expect(reloaded.getMap('fields').toJSON()).toEqual(client.doc.getMap('fields').toJSON());
    expect(Y.encodeStateVector(reloaded)).toEqual(Y.encodeStateVector(client.doc));
    // A fresh server loading the compacted store serves the same document.
    const fresh = createHarness({ store: h.store });
    const reader = fresh.connect('doc');
    await fresh.settle();
    expect(text(reader)).toBe(textType.toString());
  });

  it('SYNC-COMPACT-3: a failed compaction is logged, keeps the log complete, and is retried after the backoff', async () => {
    vi.useFakeTimers();
    const h = createHarness({ compactAfterUpdates: 2, retry: { initialMs: 100, maxMs: 100 } });
    const client = h.connect('doc');
    await h.settle();
    h.store.failNext('compact', 1);
    for (let index = 0; index < 3; index++) {
      client.doc.getText('text').insert(index, 'z');
      await h.settle();
    }
    expect(h.store.calls.compact).toBe(1);
    expect(h.logger.messages('error')).toContain('sync compaction failed; the update log is kept as it is');
    expect(h.store.inspect('doc').updates).toHaveLength(3);
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe('zzz');

    // Within the backoff, a new commit does not retry the compaction; after it, the next commit does.
    client.doc.getText('text').insert(0, 'a');
    await h.settle();
    expect(h.store.calls.compact).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    client.doc.getText('text').insert(0, 'b');
    await h.settle();
    expect(h.store.calls.compact).toBe(2);
    expect(h.store.inspect('doc').updates).toEqual([]);
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe('bazzz');
  });
});

describe('UpdateCommitter: another process appends to the same document', () => {
  /** What a second server process would append: a change made on a copy of the stored document. */
  function foreignChange(store: MemoryDocumentStore, value: string): Uint8Array {
    const other = store.storedDoc('doc');
    const before = Y.encodeStateVector(other);
    other.getText('text').insert(0, value);
    return Y.encodeStateAsUpdate(other, before);
  }

  it('SYNC-COMPACT-5: a skipped seq makes the room load, apply and broadcast the foreign update before compacting', async () => {
    const h = createHarness({ compactAfterUpdates: 3 });
    const alice = h.connect('doc');
    const bob = h.connect('doc');
    alice.doc.getText('text').insert(0, 'alice');
    await h.settle();
    await h.store.append('doc', [foreignChange(h.store, 'process B ')]);
    for (const char of '1234') {
      alice.doc.getText('text').insert(alice.doc.getText('text').length, char);
      await h.settle();
    }
    await h.server.flushAll();
    await h.settle();
    expect(h.store.calls.compact).toBeGreaterThan(0);
    expect(text(bob)).toBe('process B alice1234');
    expect(text(alice)).toBe('process B alice1234');
    expect(h.store.storedDoc('doc').getText('text').toString()).toBe('process B alice1234');
    expect(h.logger.messages('info')).toContain('sync applied updates another process appended');
  });

  it('SYNC-COMPACT-5: without loadSince the room never compacts past an update it has not applied', async () => {
    const backing = new MemoryDocumentStore();
    const store = {
      load: backing.load.bind(backing),
      append: backing.append.bind(backing),
      compact: backing.compact.bind(backing),
    };
    const h = createHarness({ store, compactAfterUpdates: 2 });
    const client = h.connect('doc');
    client.doc.getText('text').insert(0, 'mine');
    await h.settle();
    await backing.append('doc', [foreignChange(backing, 'theirs ')]);
    for (const char of 'abcd') {
      client.doc.getText('text').insert(client.doc.getText('text').length, char);
      await h.settle();
    }
    await h.server.flushAll();
    await h.settle();
    const stored = backing.inspect('doc');
    expect(stored.checkpointSeq).toBeLessThan(2);
    expect(backing.storedDoc('doc').getText('text').toString()).toBe('theirs mineabcd');
    expect(h.logger.messages('warn')).toContain(
      'sync another process appended to this document and the store has no loadSince; compaction stops here',
    );
  });
});

function updateFrame(update: Uint8Array): Uint8Array {
  return Uint8Array.of(0, 2, ...varUint(update.byteLength), ...update);
}

function varUint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return bytes;
}
