import { describe, expect, it } from 'vitest';
import { MemoryDocumentStore } from './memory-store.ts';
import { describeDocumentStoreContract } from './store-contract.ts';

describeDocumentStoreContract('MemoryDocumentStore', async () => ({
  store: new MemoryDocumentStore(),
  close: async () => undefined,
}));

describe('MemoryDocumentStore knobs', () => {
  it('holds calls until the gate opens, and counts them', async () => {
    const store = new MemoryDocumentStore();
    const gate = store.hold('load');
    let loaded = false;
    const loading = store.load('doc').then(() => {
      loaded = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(loaded).toBe(false);
    expect(store.active.load).toBe(1);
    gate.release();
    await loading;
    expect(store.calls.load).toBe(1);
    expect(store.active.load).toBe(0);
    // A released gate no longer holds later calls.
    await store.load('doc');
  });

  it('fails held calls with the gate, the next n calls with failNext, and all calls while failing', async () => {
    const store = new MemoryDocumentStore();
    const gate = store.hold('append');
    const held = store.append('doc', [Uint8Array.of(1)]);
    gate.fail(new Error('disk full'));
    await expect(held).rejects.toThrow('disk full');

    store.failNext('append', 2);
    await expect(store.append('doc', [Uint8Array.of(1)])).rejects.toThrow();
    await expect(store.append('doc', [Uint8Array.of(1)])).rejects.toThrow();
    expect(await store.append('doc', [Uint8Array.of(1)])).toBe(1);

    store.setFailing('compact', true);
    await expect(store.compact('doc', Uint8Array.of(0), 1)).rejects.toThrow();
    store.setFailing('compact', false);
    await store.compact('doc', Uint8Array.of(0), 1);
    expect(store.calls).toEqual({ load: 0, append: 4, compact: 2 });
    expect(store.appends).toEqual([{ docId: 'doc', count: 1, bytes: 1, lastSeq: 1 }]);
    expect(store.active).toEqual({ load: 0, append: 0, compact: 0 });
  });

  it('seeds documents without counting calls and never aliases stored bytes', async () => {
    const store = new MemoryDocumentStore();
    const update = Uint8Array.of(1, 2, 3);
    store.seed('doc', { checkpoint: Uint8Array.of(9), updates: [update] });
    update[0] = 42;
    const loaded = await store.load('doc');
    expect(loaded).toEqual({
      checkpoint: Uint8Array.of(9),
      checkpointSeq: 1,
      updates: [{ seq: 2, update: Uint8Array.of(1, 2, 3) }],
    });
    loaded.updates[0]?.update.fill(0);
    expect(store.inspect('doc').updates[0]?.update).toEqual(Uint8Array.of(1, 2, 3));
    expect(store.calls.append).toBe(0);
  });
});
