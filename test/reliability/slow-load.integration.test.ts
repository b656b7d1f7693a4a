import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addEvent, listEvents } from '@parallax/model';
import type { DocumentStore } from '@parallax/sync';
import { connectClient, eventually } from '../support/clients.ts';
import { createIncident, signUp, startTestServer } from '../support/server.ts';

/** Holds every load until the test releases it, like a database under heavy load. */
function gatedStore(store: DocumentStore) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let loadsStarted = 0;
  const wrapped: DocumentStore = {
    load: async (docId) => {
      loadsStarted += 1;
      await gate;
      return store.load(docId);
    },
    append: (docId, updates) => store.append(docId, updates),
    compact: (docId, state, uptoSeq) => store.compact(docId, state, uptoSeq),
  };
  return { store: wrapped, release, loadsStarted: () => loadsStarted };
}

describe('a client connecting while the incident is still loading', () => {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('never sees an empty document first, and its early edit is kept', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'parallax-slow-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));

    const seeding = await startTestServer({ dataDir });
    const account = await signUp(seeding);
    const incidentId = await createIncident(seeding, account, 'Slow store');
    const writer = connectClient(seeding.url, incidentId, account);
    await writer.synced();
    const seeded = ['13:52', '14:02', '14:08'].map((time) =>
      addEvent(writer.doc, { occurredAt: `2026-03-10T${time}:00Z`, text: `event at ${time}` }, { userId: 'w' }),
    );
    await writer.saved();
    writer.destroy();
    await seeding.close();

    const gated = { current: undefined as ReturnType<typeof gatedStore> | undefined };
    const server = await startTestServer({
      dataDir,
      wrapStore: (store) => (gated.current = gatedStore(store)).store,
    });
    cleanups.push(() => server.close());

    const reader = connectClient(server.url, incidentId, account);
    cleanups.push(() => reader.destroy());
    const eventCountsSeenOnUpdate: number[] = [];
    reader.doc.on('update', () => eventCountsSeenOnUpdate.push(listEvents(reader.doc).length));

    // A client that edits before the load finishes: its message waits in the queue and is applied after the load.
    const early = connectClient(server.url, incidentId, account);
    cleanups.push(() => early.destroy());
    await eventually(() => expect(early.provider.wsconnected).toBe(true));
    const earlyEvent = addEvent(
      early.doc,
      { occurredAt: '2026-03-10T13:00:00Z', text: 'typed during the load' },
      { userId: 'e' },
    );

    await eventually(() => expect(gated.current?.loadsStarted()).toBe(1));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reader.provider.synced).toBe(false);
    expect(eventCountsSeenOnUpdate).toEqual([]);

    gated.current?.release();
    await reader.synced();
    await eventually(() => expect(listEvents(reader.doc).map((event) => event.id)).toEqual([earlyEvent, ...seeded]));
    // The first state the reader ever saw already held the stored events.
    expect(eventCountsSeenOnUpdate[0]).toBeGreaterThanOrEqual(seeded.length);
    await early.saved();
  });
});
