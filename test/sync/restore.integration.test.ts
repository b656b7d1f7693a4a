/**
 * Restoring a snapshot while real y-websocket clients are connected: the restore is a forward edit through the sync
 * server, so every client ends up with exactly the snapshot's content (no duplicated text, nothing swapped under
 * them), concurrent offline typing merges in once, and the store holds the same after a restart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addEvent,
  addEventTag,
  addPerspective,
  deleteEvent,
  eventText,
  narrativeText,
  projectIncident,
  updateEvent,
  type IncidentProjection,
} from '@parallax/model';
import { postgresUrlOrSkip } from '@parallax/testing';
import { connectClient, eventually, type SyncClient } from '../support/clients.ts';
import { addMember, api, createIncident, signUp, startTestServer, type TestServer } from '../support/server.ts';

const postgresUrl = postgresUrlOrSkip('restore with connected clients');
const drivers = [
  { name: 'PGlite', databaseUrl: undefined as string | undefined },
  ...(postgresUrl ? [{ name: 'PostgreSQL', databaseUrl: postgresUrl }] : []),
];

/** How often `phrase` occurs in everything the projection holds. */
function occurrences(projection: IncidentProjection, phrase: string): number {
  return JSON.stringify(projection).split(phrase).length - 1;
}

describe.each(drivers)('restoring a snapshot under connected clients ($name)', ({ databaseUrl }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function server(dataDir: string): Promise<TestServer> {
    const started = await startTestServer({ databaseUrl, dataDir });
    cleanups.push(() => started.close());
    return started;
  }

  function client(url: string, incidentId: string, cookie: string): SyncClient {
    const created = connectClient(url, incidentId, { cookie });
    cleanups.push(() => created.destroy());
    return created;
  }

  async function post(started: TestServer, cookie: string, path: string, body?: unknown) {
    const response = await api(started, 'POST', path, { cookie, body });
    const json = (await response.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(response.status, JSON.stringify(json)).toBeLessThan(300);
    return json;
  }

  async function snapshotProjection(started: TestServer, cookie: string, id: string): Promise<IncidentProjection> {
    const response = await api(started, 'GET', `/api/snapshots/${id}`, { cookie });
    expect(response.status).toBe(200);
    return ((await response.json()) as { projection: IncidentProjection }).projection;
  }

  it('both clients get exactly the snapshot content, with no duplicated text, and so does the store after a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'parallax-restore-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const first = await startTestServer({ databaseUrl, dataDir });
    let firstOpen = true;
    cleanups.push(() => (firstOpen ? first.close() : undefined));
    const [aliceAccount, bobAccount] = [await signUp(first, { name: 'Alice' }), await signUp(first, { name: 'Bob' })];
    const incidentId = await createIncident(first, aliceAccount, 'Restore under clients');
    await addMember(first, aliceAccount, incidentId, bobAccount, 'editor');
    const alice = connectClient(first.url, incidentId, { cookie: aliceAccount.cookie });
    const bob = connectClient(first.url, incidentId, { cookie: bobAccount.cookie });
    cleanups.push(
      () => alice.destroy(),
      () => bob.destroy(),
    );
    await Promise.all([alice.synced(), bob.synced()]);

    // Before the snapshot: both write.
    const alert = addEvent(
      alice.doc,
      { occurredAt: '2026-03-10T13:41:00Z', text: 'p99 above two seconds' },
      { userId: 'alice' },
    );
    const flag = addEvent(
      alice.doc,
      { occurredAt: '2026-03-10T13:35:00Z', tags: ['flag'], text: 'Flag raised to 5%' },
      { userId: 'alice' },
    );
    await eventually(() => expect(eventText(bob.doc, alert)).toBeDefined());
    eventText(bob.doc, alert)?.insert(0, 'Atlas: ');
    addPerspective(bob.doc, { eventId: alert, person: 'Bob', saw: 'The graph climbing' }, { userId: 'bob' });
    narrativeText(alice.doc).insert(0, 'The flag went to 5% and latency rose.');
    await Promise.all([alice.saved(), bob.saved()]);
    await eventually(() => expect(projectIncident(bob.doc)).toEqual(projectIncident(alice.doc)));

    const { snapshot } = await post(first, aliceAccount.cookie, `/api/incidents/${incidentId}/snapshots`, {
      label: 'Before the rewrite',
    });
    const frozen = await snapshotProjection(first, aliceAccount.cookie, snapshot.id);
    expect(frozen).toEqual(projectIncident(alice.doc));

    // After the snapshot: text edits in the middle and at both ends, a deletion, an addition, tags, narrative.
    const text = eventText(alice.doc, alert);
    text?.insert('Atlas: p99 above'.length, ' roughly');
    text?.insert(text.length, ' for twelve minutes');
    deleteEvent(alice.doc, flag, { userId: 'alice' });
    await eventually(() => expect(eventText(bob.doc, flag)).toBeUndefined());
    addEvent(bob.doc, { occurredAt: '2026-03-10T15:00:00Z', text: 'All clear' }, { userId: 'bob' });
    addEventTag(bob.doc, alert, 'paging', { userId: 'bob' });
    updateEvent(bob.doc, alert, { actor: 'PagerBot' }, { userId: 'bob' });
    const narrative = narrativeText(bob.doc);
    narrative.delete(narrative.toString().indexOf('rose'), 4);
    narrative.insert(narrative.length - 1, 'climbed, then fell');
    await Promise.all([alice.saved(), bob.saved()]);
    await eventually(() => expect(projectIncident(bob.doc)).toEqual(projectIncident(alice.doc)));
    expect(projectIncident(alice.doc)).not.toEqual(frozen);

    const restored = await post(first, aliceAccount.cookie, `/api/snapshots/${snapshot.id}/restore`);
    expect(restored.changed).toBe(true);
    await eventually(() => {
      expect(projectIncident(alice.doc)).toEqual(frozen);
      expect(projectIncident(bob.doc)).toEqual(frozen);
    });
    for (const phrase of ['p99 above two seconds', 'Atlas: ', 'Flag raised to 5%', 'The flag went to 5%']) {
      expect(occurrences(projectIncident(alice.doc), phrase), phrase).toBe(1);
    }
    expect(eventText(bob.doc, alert)?.toString()).toBe('Atlas: p99 above two seconds');
    await Promise.all([alice.saved(), bob.saved()]);

    // The store has it too: a new server on the same data, and a client that has never seen the incident.
    alice.destroy();
    bob.destroy();
    await first.close();
    firstOpen = false;
    const second = await server(dataDir);
    const reader = client(second.url, incidentId, bobAccount.cookie);
    await reader.synced();
    expect(projectIncident(reader.doc)).toEqual(frozen);
    // And the history kept the snapshot and the automatic restore point.
    const history = await api(second, 'GET', `/api/incidents/${incidentId}/snapshots`, { cookie: bobAccount.cookie });
    const { snapshots } = (await history.json()) as { snapshots: { id: string; kind: string }[] };
    expect(snapshots.map((entry) => entry.kind)).toEqual(['restore-point', 'named']);
    expect(snapshots[1]?.id).toBe(snapshot.id);
    // Two servers start on PGlite here, each with its own initdb-sized start-up.
  }, 90_000);

  it('typing a client did offline during the restore merges in exactly once', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'parallax-restore-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const started = await server(dataDir);
    const [ownerAccount, writerAccount] = [await signUp(started), await signUp(started)];
    const incidentId = await createIncident(started, ownerAccount, 'Offline typing during a restore');
    await addMember(started, ownerAccount, incidentId, writerAccount, 'editor');
    const owner = client(started.url, incidentId, ownerAccount.cookie);
    const writer = client(started.url, incidentId, writerAccount.cookie);
    await Promise.all([owner.synced(), writer.synced()]);

    const eventId = addEvent(
      owner.doc,
      { occurredAt: '2026-03-10T14:00:00Z', text: 'Rolled back the deploy' },
      { userId: 'o' },
    );
    await owner.saved();
    await eventually(() => expect(eventText(writer.doc, eventId)?.toString()).toBe('Rolled back the deploy'));
    const { snapshot } = await post(started, ownerAccount.cookie, `/api/incidents/${incidentId}/snapshots`, {
      label: 'Clean',
    });
    eventText(owner.doc, eventId)?.insert(0, 'Finally ');
    await owner.saved();
    await eventually(() => expect(eventText(writer.doc, eventId)?.toString()).toBe('Finally Rolled back the deploy'));

    // The writer goes offline and keeps typing at the end while the owner restores.
    writer.provider.disconnect();
    eventText(writer.doc, eventId)?.insert(eventText(writer.doc, eventId)?.length ?? 0, ' at 14:02');
    await post(started, ownerAccount.cookie, `/api/snapshots/${snapshot.id}/restore`);
    await eventually(() => expect(eventText(owner.doc, eventId)?.toString()).toBe('Rolled back the deploy'));

    writer.provider.connect();
    await eventually(() => {
      expect(eventText(owner.doc, eventId)?.toString()).toBe('Rolled back the deploy at 14:02');
      expect(projectIncident(writer.doc)).toEqual(projectIncident(owner.doc));
    });
  });
});
