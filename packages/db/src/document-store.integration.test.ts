import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDocumentStoreContract } from '@parallax/testing';
import { InvalidCompactionError } from './errors.ts';
import { migrate } from './migrate.ts';
import { SqlDocumentStore } from './sql-document-store.ts';
import type { SqlClient } from './sql.ts';
import { databaseTargets } from './test-databases.ts';
import type { FreshDatabase } from './test-databases.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);
const docId = (label: string) => `store-${label}-${crypto.randomUUID()}`;

for (const target of databaseTargets('SqlDocumentStore')) {
  describe.skipIf(!target.available)(`SqlDocumentStore on ${target.name}`, () => {
    let database: FreshDatabase;
    let sql: SqlClient;
    let store: SqlDocumentStore;

    beforeAll(async () => {
      database = await target.fresh();
      sql = database.sql;
      await migrate(sql);
      store = new SqlDocumentStore(sql);
    });

    afterAll(async () => {
      await database?.dispose();
    });

    describeDocumentStoreContract(target.name, async () => ({ store, close: async () => {} }));

    it('numbers each document from 1 without gaps', async () => {
      const doc = docId('gapless');
      expect(await store.append(doc, [bytes(1), bytes(2)])).toBe(2);
      const acks = await Promise.all([store.append(doc, [bytes(3)]), store.append(doc, [bytes(4), bytes(5)])]);
      expect(Math.max(...acks)).toBe(5);
      expect((await store.load(doc)).updates.map((row) => row.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(await store.append(docId('other'), [bytes(1)])).toBe(1);
    });

    it('refuses to compact past the last appended seq, which would hide future appends', async () => {
      const doc = docId('ahead');
      const last = await store.append(doc, [bytes(1)]);
      await expect(store.compact(doc, bytes(9), last + 1)).rejects.toBeInstanceOf(InvalidCompactionError);
      await expect(store.compact(doc, bytes(9), -1)).rejects.toBeInstanceOf(InvalidCompactionError);
      expect(await store.load(doc)).toEqual({
        checkpoint: null,
        checkpointSeq: 0,
        updates: [{ seq: last, update: bytes(1) }],
      });
    });

    it('reports the log size after the checkpoint', async () => {
      const doc = docId('stats');
      expect(await store.stats(doc)).toEqual({
        lastSeq: 0,
        checkpointSeq: 0,
        checkpointBytes: 0,
        updateCount: 0,
        updateBytes: 0,
      });
      await store.append(doc, [new Uint8Array(10), new Uint8Array(20)]);
      await store.compact(doc, new Uint8Array(25), 2);
      await store.append(doc, [new Uint8Array(5), new Uint8Array(7)]);
      expect(await store.stats(doc)).toEqual({
        lastSeq: 4,
        checkpointSeq: 2,
        checkpointBytes: 25,
        updateCount: 2,
        updateBytes: 12,
      });
    });

    it('gives a consistent load while compactions run', async () => {
      const doc = docId('consistent');
      let last = 0;
      for (let round = 1; round <= 20; round++) {
        last = await store.append(doc, [bytes(round)]);
        const [loaded] = await Promise.all([store.load(doc), store.compact(doc, bytes(0, round), last - 1)]);
        // Whichever side of the compaction the load saw, checkpoint plus updates must cover every seq up to last.
        expect(loaded.checkpointSeq + loaded.updates.length).toBe(last);
      }
    });
  });
}

// PGlite serves a single process, so only PostgreSQL has a second writer to race against.
for (const target of databaseTargets('SqlDocumentStore across clients').filter((t) => t.driver === 'postgres')) {
  describe.skipIf(!target.available)(`SqlDocumentStore shared by two processes on ${target.name}`, () => {
    let database: FreshDatabase;
    let other: SqlClient;

    beforeAll(async () => {
      database = await target.fresh();
      await migrate(database.sql);
      other = await database.open();
    });

    afterAll(async () => {
      await other?.close();
      await database?.dispose();
    });

    it('interleaves appends from two connection pools without gaps, splits or lost updates', async () => {
      const doc = docId('two-pools');
      const stores = [new SqlDocumentStore(database.sql), new SqlDocumentStore(other)];
      const batches = Array.from({ length: 40 }, (_, batch) => [bytes(batch, 0), bytes(batch, 1), bytes(batch, 2)]);
      const acks = await Promise.all(batches.map((batch, index) => stores[index % 2]!.append(doc, batch)));

      const { updates } = await stores[0]!.load(doc);
      expect(updates.map((row) => row.seq)).toEqual(Array.from({ length: 120 }, (_, index) => index + 1));
      batches.forEach((batch, index) => {
        const end = updates.findIndex((row) => row.seq === acks[index]);
        expect(updates.slice(end - 2, end + 1).map((row) => row.update)).toEqual(batch);
      });
    });

    it('lets one process heal from the log what another appended', async () => {
      const doc = docId('heal');
      const [writer, reader] = [new SqlDocumentStore(database.sql), new SqlDocumentStore(other)];
      const seen = await writer.append(doc, [bytes(1)]);
      const missed = await writer.append(doc, [bytes(2), bytes(3)]);
      const healed = await reader.loadSince(doc, seen);
      expect(healed.updates.map((row) => row.update)).toEqual([bytes(2), bytes(3)]);
      expect(healed.updates.at(-1)?.seq).toBe(missed);
    });
  });
}
