import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addEvent, eventText, listEvents, projectIncident } from '@parallax/model';
import { postgresUrlOrSkip } from '@parallax/testing';
import { connectClient, eventually, type SyncClient } from '../support/clients.ts';
import { addMember, createIncident, signUp, startTestServer, type TestServer } from '../support/server.ts';

const postgresUrl = postgresUrlOrSkip('collaboration over websockets');
const drivers = [
  { name: 'PGlite', databaseUrl: undefined },
  ...(postgresUrl ? [{ name: 'PostgreSQL', databaseUrl: postgresUrl }] : []),
];

describe.each(drivers)('collaboration through the real server ($name)', ({ databaseUrl }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function server(options: { dataDir?: string } = {}): Promise<TestServer> {
    const started = await startTestServer({ databaseUrl, ...options });
    cleanups.push(() => started.close());
    return started;
  }

  function client(url: string, incidentId: string, options: { cookie: string; connect?: boolean }): SyncClient {
    const created = connectClient(url, incidentId, options);
    cleanups.push(() => created.destroy());
    return created;
  }

  it('two y-websocket providers converge on events and on concurrent typing in one text', async () => {
    const started = await server();
    const { url } = started;
    const [aliceAccount, bobAccount] = [
      await signUp(started, { name: 'Alice' }),
      await signUp(started, { name: 'Bob' }),
    ];
    const incidentId = await createIncident(started, aliceAccount);
    await addMember(started, aliceAccount, incidentId, bobAccount, 'editor');
    const alice = client(url, incidentId, aliceAccount);
    const bob = client(url, incidentId, bobAccount);
    await Promise.all([alice.synced(), bob.synced()]);

    const eventId = addEvent(
      alice.doc,
      { occurredAt: '2026-03-10T13:52:10.000Z', text: 'Alert fired' },
      { userId: 'alice' },
    );
    await eventually(() => expect(listEvents(bob.doc).map((event) => event.id)).toEqual([eventId]));

    eventText(alice.doc, eventId)?.insert(0, 'Alice: ');
    eventText(bob.doc, eventId)?.insert(eventText(bob.doc, eventId)?.length ?? 0, ' (Bob)');
    await eventually(() => {
      expect(eventText(alice.doc, eventId)?.toString()).toBe('Alice: Alert fired (Bob)');
      expect(projectIncident(bob.doc)).toEqual(projectIncident(alice.doc));
    });
  });

  it('an edit made while offline merges when the client reconnects', async () => {
    const started = await server();
    const { url } = started;
    const [onlineAccount, travellerAccount] = [await signUp(started), await signUp(started)];
    const incidentId = await createIncident(started, onlineAccount);
    await addMember(started, onlineAccount, incidentId, travellerAccount, 'editor');
    const online = client(url, incidentId, onlineAccount);
    const traveller = client(url, incidentId, travellerAccount);
    await Promise.all([online.synced(), traveller.synced()]);

    traveller.provider.disconnect();
    const offlineEvent = addEvent(
      traveller.doc,
      { occurredAt: '2026-03-10T14:00:00Z', text: 'written on a plane' },
      { userId: 'traveller' },
    );
    const onlineEvent = addEvent(
      online.doc,
      { occurredAt: '2026-03-10T14:01:00Z', text: 'written in the office' },
      { userId: 'online' },
    );
    await online.saved();
    expect(listEvents(online.doc).map((event) => event.id)).toEqual([onlineEvent]);

    traveller.provider.connect();
    await eventually(() => {
      expect(listEvents(online.doc).map((event) => event.id)).toEqual([offlineEvent, onlineEvent]);
      expect(projectIncident(traveller.doc)).toEqual(projectIncident(online.doc));
    });
  });

  it('edits survive a server restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'parallax-restart-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const first = await startTestServer({ databaseUrl, dataDir });
    const account = await signUp(first);
    const incidentId = await createIncident(first, account);
    const writer = connectClient(first.url, incidentId, account);
    await writer.synced();
    const eventId = addEvent(writer.doc, { occurredAt: '2026-03-10T14:02:31Z', text: 'DB CPU alert' }, { userId: 'w' });
    eventText(writer.doc, eventId)?.insert(0, 'Atlas ');
    await writer.saved();
    const before = projectIncident(writer.doc);
    writer.destroy();
    await first.close();

    const second = await server({ dataDir });
    // The session is in the database too, so the same cookie still works after the restart.
    const reader = client(second.url, incidentId, account);
    await reader.synced();
    expect(projectIncident(reader.doc)).toEqual(before);
    expect(eventText(reader.doc, eventId)?.toString()).toBe('Atlas DB CPU alert');
  });
});
