/**
 * The contract every DocumentStore (of @parallax/sync) must pass: the in-memory store and both SQL drivers run this
 * same suite, so the sync server can rely on one behaviour whichever store it is given.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';

/** One row of a store's update log (structurally StoredUpdate of @parallax/sync). */
export interface ContractStoredUpdate {
  seq: number;
  update: Uint8Array;
}

/** What a store returns for a document (structurally StoredDocument of @parallax/sync). */
export interface ContractStoredDocument {
  checkpoint: Uint8Array | null;
  checkpointSeq: number;
  updates: ContractStoredUpdate[];
}

/** The store under test, matched structurally so this package depends on neither @parallax/sync nor @parallax/db. */
export interface StoreLike {
  load(docId: string): Promise<ContractStoredDocument>;
  append(docId: string, updates: Uint8Array[]): Promise<number>;
  compact(docId: string, state: Uint8Array, uptoSeq: number): Promise<void>;
  /**
   * Optional. What a process that has applied every update up to afterSeq is missing: the updates with
   * seq > max(afterSeq, checkpointSeq), plus the checkpoint's state when checkpointSeq > afterSeq (else null).
   * checkpointSeq is always the stored checkpoint's seq.
   */
  loadSince?(docId: string, afterSeq: number): Promise<ContractStoredDocument>;
}

export interface StoreContractFixture {
  store: StoreLike;
  close(): Promise<void>;
}

/**
 * Registers the contract suite. makeStore runs before every test; stores may share a backing database across tests,
 * since every test uses document ids of its own.
 */
export function describeDocumentStoreContract(name: string, makeStore: () => Promise<StoreContractFixture>): void {
  describe(`DocumentStore contract: ${name}`, () => {
    let fixture: StoreContractFixture | undefined;
    let store: StoreLike;

    beforeEach(async () => {
      fixture = await makeStore();
      store = fixture.store;
    });

    afterEach(async () => {
      await fixture?.close();
      fixture = undefined;
    });

    it('loads an unknown document as empty', async () => {
      expect(await store.load(docId('empty'))).toEqual({ checkpoint: null, checkpointSeq: 0, updates: [] });
    });

    it('returns appended updates in order, with increasing seqs, and acknowledges the last seq', async () => {
      const doc = docId('order');
      const first = await store.append(doc, [bytes(1)]);
      const second = await store.append(doc, [bytes(2)]);
      const third = await store.append(doc, [bytes(3)]);
      expect(first).toBeGreaterThan(0);
      expect(second).toBeGreaterThan(first);
      expect(third).toBeGreaterThan(second);

      const loaded = await store.load(doc);
      expect(loaded.checkpoint).toBeNull();
      expect(loaded.checkpointSeq).toBe(0);
      expect(loaded.updates).toEqual([
        { seq: first, update: bytes(1) },
        { seq: second, update: bytes(2) },
        { seq: third, update: bytes(3) },
      ]);
    });

    it('returns plain Uint8Arrays, never Buffers', async () => {
      const doc = docId('plain');
      const seq = await store.append(doc, [bytes(7, 8, 9)]);
      await store.compact(doc, bytes(1, 2), seq);
      await store.append(doc, [bytes(10)]);
      const loaded = await store.load(doc);
      expect(Object.getPrototypeOf(loaded.checkpoint)).toBe(Uint8Array.prototype);
      expect(Object.getPrototypeOf(loaded.updates[0]?.update)).toBe(Uint8Array.prototype);
    });

    it('stores a batch in order with contiguous seqs, the promise resolving with the last one', async () => {
      const doc = docId('batch');
      await store.append(doc, [bytes(0)]);
      const batch = Array.from({ length: 20 }, (_, index) => bytes(1, index));
      const last = await store.append(doc, batch);

      const { updates } = await store.load(doc);
      const stored = updates.slice(1);
      expect(stored.map((row) => row.update)).toEqual(batch);
      expect(stored.at(-1)?.seq).toBe(last);
      expectStrictlyIncreasing(updates.map((row) => row.seq));
    });

    it('never shows part of a batch to a concurrent reader', async () => {
      const doc = docId('atomic');
      await store.append(doc, [bytes(0)]);
      const batch = Array.from({ length: 50 }, (_, index) => bytes(1, index));
      let done = false;
      const appending = store.append(doc, batch).finally(() => {
        done = true;
      });
      const seen = new Set<number>();
      do {
        seen.add((await store.load(doc)).updates.length);
      } while (!done);
      await appending;
      seen.add((await store.load(doc)).updates.length);
      for (const count of seen) expect([1, 51]).toContain(count);
      expect(seen).toContain(51);
    });

    it('keeps every batch of concurrent appends to one document whole and in order', async () => {
      const doc = docId('concurrent');
      const batches = Array.from({ length: 25 }, (_, batch) =>
        Array.from({ length: 1 + (batch % 4) }, (_, item) => bytes(batch, item)),
      );
      const acks = await Promise.all(batches.map((batch) => store.append(doc, batch)));
      expect(new Set(acks).size).toBe(batches.length);

      const { updates } = await store.load(doc);
      expect(updates).toHaveLength(batches.flat().length);
      expectStrictlyIncreasing(updates.map((row) => row.seq));
      batches.forEach((batch, index) => {
        const start = updates.findIndex((row) => equalBytes(row.update, bytes(index, 0)));
        const stored = updates.slice(start, start + batch.length);
        expect(stored.map((row) => row.update)).toEqual(batch);
        expect(stored.at(-1)?.seq).toBe(acks[index]);
      });
    });

    it('keeps concurrent appends to different documents apart', async () => {
      const docs = Array.from({ length: 8 }, (_, index) => docId(`many-${index}`));
      await Promise.all(
        docs.flatMap((doc, docIndex) =>
          Array.from({ length: 6 }, (_, round) =>
            store.append(doc, [bytes(docIndex, round, 0), bytes(docIndex, round, 1)]),
          ),
        ),
      );
      for (const [docIndex, doc] of docs.entries()) {
        const { updates } = await store.load(doc);
        expect(updates).toHaveLength(12);
        expectStrictlyIncreasing(updates.map((row) => row.seq));
        expect(updates.every((row) => row.update[0] === docIndex)).toBe(true);
        const rounds = new Set(updates.map((row) => row.update[1]));
        expect(rounds.size).toBe(6);
      }
    });

    it('reproduces a Y.Doc from checkpoint and updates', async () => {
      const doc = docId('ydoc');
      const source = new Y.Doc();
      const captured: Uint8Array[] = [];
      source.on('update', (update: Uint8Array) => captured.push(update));
      editRandomly(source, 0x5eed, 120);

      const half = Math.floor(captured.length / 2);
      let lastSeq = 0;
      let checkpointed = false;
      for (let index = 0; index < captured.length;) {
        const size = 1 + (index % 5);
        lastSeq = await store.append(doc, captured.slice(index, index + size));
        index += size;
        if (!checkpointed && index >= half) {
          // Compact the way the sync server does: through a Y.Doc holding exactly the folded prefix.
          const folded = new Y.Doc();
          for (const update of captured.slice(0, index)) Y.applyUpdate(folded, update);
          await store.compact(doc, Y.encodeStateAsUpdate(folded), lastSeq);
          checkpointed = true;
        }
      }

      const loaded = await store.load(doc);
      expect(loaded.checkpoint).not.toBeNull();
      expect(loaded.updates.length).toBeGreaterThan(0);
      const restored = applyStored(loaded);
      expect(restored.getText('text').toString()).toBe(source.getText('text').toString());
      expect(restored.getMap('fields').toJSON()).toEqual(source.getMap('fields').toJSON());
      expect(Y.encodeStateVector(restored)).toEqual(Y.encodeStateVector(source));
    });

    it('replaces the updates up to the compacted seq by the checkpoint and keeps later ones', async () => {
      const doc = docId('compact');
      const s1 = await store.append(doc, [bytes(1)]);
      const s2 = await store.append(doc, [bytes(2), bytes(3)]);
      const s3 = await store.append(doc, [bytes(4)]);
      await store.compact(doc, bytes(9, 9), s2);

      const loaded = await store.load(doc);
      expect(s1).toBeLessThan(s2);
      expect(loaded.checkpoint).toEqual(bytes(9, 9));
      expect(loaded.checkpointSeq).toBe(s2);
      expect(loaded.updates).toEqual([{ seq: s3, update: bytes(4) }]);
    });

    it('keeps updates appended while a compaction runs', async () => {
      const doc = docId('compact-race');
      const upto = await store.append(doc, [bytes(1), bytes(2)]);
      const [, ...acks] = await Promise.all([
        store.compact(doc, bytes(9), upto),
        store.append(doc, [bytes(3)]),
        store.append(doc, [bytes(4)]),
      ]);
      const loaded = await store.load(doc);
      expect(loaded.checkpointSeq).toBe(upto);
      expect(loaded.updates.map((row) => row.seq)).toEqual([...acks].sort((a, b) => a - b));
    });

    it('never moves the checkpoint backwards', async () => {
      const doc = docId('backwards');
      const s1 = await store.append(doc, [bytes(1)]);
      const s2 = await store.append(doc, [bytes(2)]);
      const s3 = await store.append(doc, [bytes(3)]);
      await store.compact(doc, bytes(20), s2);
      await store.compact(doc, bytes(10), s1);

      const loaded = await store.load(doc);
      expect(loaded.checkpoint).toEqual(bytes(20));
      expect(loaded.checkpointSeq).toBe(s2);
      expect(loaded.updates).toEqual([{ seq: s3, update: bytes(3) }]);
    });

    it('never reuses a seq after compaction emptied the log', async () => {
      const doc = docId('reuse');
      const before = await store.append(doc, [bytes(1), bytes(2)]);
      await store.compact(doc, bytes(5), before);
      expect((await store.load(doc)).updates).toEqual([]);
      const after = await store.append(doc, [bytes(3)]);
      expect(after).toBeGreaterThan(before);
      expect((await store.load(doc)).updates).toEqual([{ seq: after, update: bytes(3) }]);
    });

    it('acknowledges an empty batch with the current last seq and stores nothing', async () => {
      const doc = docId('empty-batch');
      expect(await store.append(doc, [])).toBe(0);
      const last = await store.append(doc, [bytes(1)]);
      expect(await store.append(doc, [])).toBe(last);
      expect((await store.load(doc)).updates).toHaveLength(1);
    });

    it('keeps documents isolated, even when one id is a prefix of another', async () => {
      const a = docId('iso');
      const b = `${a}0`;
      const a1 = await store.append(a, [bytes(1)]);
      const b1 = await store.append(b, [bytes(2)]);
      const b2 = await store.append(b, [bytes(3)]);
      await store.compact(b, bytes(30), b2);

      expect(await store.load(a)).toEqual({
        checkpoint: null,
        checkpointSeq: 0,
        updates: [{ seq: a1, update: bytes(1) }],
      });
      const loadedB = await store.load(b);
      expect(b1).toBeLessThan(b2);
      expect(loadedB).toEqual({ checkpoint: bytes(30), checkpointSeq: b2, updates: [] });
    });

    it('round-trips every byte value and a 1 MB update byte-exact', async () => {
      const doc = docId('large');
      const allBytes = Uint8Array.from({ length: 256 }, (_, index) => index);
      const large = randomBytes(1024 * 1024, 42);
      const last = await store.append(doc, [allBytes, large, bytes(0x5c, 0x22, 0x2c, 0x7b, 0x7d, 0)]);
      const loaded = await store.load(doc);
      expect(loaded.updates).toHaveLength(3);
      expect(equalBytes(loaded.updates[0]!.update, allBytes)).toBe(true);
      expect(equalBytes(loaded.updates[1]!.update, large)).toBe(true);
      expect(loaded.updates[2]!.update).toEqual(bytes(0x5c, 0x22, 0x2c, 0x7b, 0x7d, 0));

      const state = randomBytes(1024 * 1024, 7);
      await store.compact(doc, state, last);
      const compacted = await store.load(doc);
      expect(compacted.checkpoint && equalBytes(compacted.checkpoint, state)).toBe(true);
    });

    it('loads what a process is missing after a given seq (loadSince)', async (context) => {
      const loadSince = store.loadSince?.bind(store);
      if (!loadSince) {
        context.skip(`${name} has no loadSince`);
        return;
      }
      const doc = docId('since');
      const s1 = await store.append(doc, [bytes(1)]);
      const s2 = await store.append(doc, [bytes(2)]);
      const s3 = await store.append(doc, [bytes(3)]);
      const s4 = await store.append(doc, [bytes(4)]);
      const s5 = await store.append(doc, [bytes(5)]);

      expect(await loadSince(doc, s2)).toEqual({
        checkpoint: null,
        checkpointSeq: 0,
        updates: [
          { seq: s3, update: bytes(3) },
          { seq: s4, update: bytes(4) },
          { seq: s5, update: bytes(5) },
        ],
      });

      await store.compact(doc, bytes(33), s3);
      // Updates 2 and 3 were folded into the checkpoint, so a reader at seq 1 needs the checkpoint too.
      expect(await loadSince(doc, s1)).toEqual({
        checkpoint: bytes(33),
        checkpointSeq: s3,
        updates: [
          { seq: s4, update: bytes(4) },
          { seq: s5, update: bytes(5) },
        ],
      });
      expect(await loadSince(doc, s3)).toEqual({
        checkpoint: null,
        checkpointSeq: s3,
        updates: [
          { seq: s4, update: bytes(4) },
          { seq: s5, update: bytes(5) },
        ],
      });
      expect((await loadSince(doc, s4)).updates).toEqual([{ seq: s5, update: bytes(5) }]);
      expect((await loadSince(doc, s5)).updates).toEqual([]);
    });
  });
}

/** Unique per call, so stores sharing one database across tests and parallel files never see each other's rows. */
function docId(label: string): string {
  return `contract-${label}-${crypto.randomUUID()}`;
}

function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
}

function expectStrictlyIncreasing(values: number[]): void {
  for (let index = 1; index < values.length; index++) expect(values[index]).toBeGreaterThan(values[index - 1]!);
}

/** mulberry32: a tiny seeded generator, so a failure reproduces with the same bytes and edits. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBytes(length: number, seed: number): Uint8Array {
  const next = seeded(seed);
  return Uint8Array.from({ length }, () => Math.floor(next() * 256));
}

function editRandomly(doc: Y.Doc, seed: number, edits: number): void {
  const next = seeded(seed);
  const text = doc.getText('text');
  const fields = doc.getMap('fields');
  for (let edit = 0; edit < edits; edit++) {
    const roll = next();
    if (roll < 0.5 || text.length === 0) {
      text.insert(Math.floor(next() * (text.length + 1)), `edit ${edit} `);
    } else if (roll < 0.7) {
      const start = Math.floor(next() * text.length);
      text.delete(start, Math.min(3, text.length - start));
    } else {
      fields.set(`field-${Math.floor(next() * 10)}`, { edit, note: `value ${edit}` });
    }
  }
}

function applyStored(stored: ContractStoredDocument): Y.Doc {
  const doc = new Y.Doc();
  if (stored.checkpoint) Y.applyUpdate(doc, stored.checkpoint);
  for (const row of stored.updates) Y.applyUpdate(doc, row.update);
  return doc;
}
