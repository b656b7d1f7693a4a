import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addEvent, eventText, listEvents } from '@parallax/model';
import { postgresUrlOrSkip } from '@parallax/testing';
import { connectClient, eventually } from '../support/clients.ts';
import { createIncident, signUp } from '../support/server.ts';
import { spawnServer, type ServerProcess } from '../support/process.ts';

const postgresUrl = postgresUrlOrSkip('crash recovery');
const drivers = [
  { name: 'PGlite', databaseUrl: undefined as string | undefined },
  ...(postgresUrl ? [{ name: 'PostgreSQL', databaseUrl: postgresUrl }] : []),
];

describe.each(drivers)('a crashed server loses nothing it called saved ($name)', ({ databaseUrl }) => {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(dataDir: string): Promise<ServerProcess> {
    const server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl });
    cleanups.push(() => (server.child.exitCode === null ? server.kill() : undefined));
    return server;
  }

  it('SIGKILL right after "saved" keeps the edit', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'parallax-crash-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const first = await start(dataDir);
    const account = await signUp(first);
    const incidentId = await createIncident(first, account, 'Crash test');

    const writer = connectClient(first.url, incidentId, account);
    cleanups.push(() => writer.destroy());
    await writer.synced();
    const ids: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      ids.push(
        addEvent(
          writer.doc,
          { occurredAt: `2026-03-10T14:${String(i).padStart(2, '0')}:00Z`, text: `edit ${i}` },
          { userId: 'w' },
        ),
      );
    }
    eventText(writer.doc, ids[0] ?? '')?.insert(0, 'last words: ');
    await writer.saved();
    await first.kill();
    writer.destroy();

    const second = await start(dataDir);
    const reader = connectClient(second.url, incidentId, account);
    cleanups.push(() => reader.destroy());
    await reader.synced();
    await eventually(() => expect(listEvents(reader.doc).map((event) => event.id)).toEqual(ids));
    expect(eventText(reader.doc, ids[0] ?? '')?.toString()).toBe('last words: edit 0');
  });

  it('SIGTERM flushes and exits cleanly', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'parallax-term-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const first = await start(dataDir);
    const account = await signUp(first);
    const incidentId = await createIncident(first, account, 'Graceful stop');
    const writer = connectClient(first.url, incidentId, account);
    cleanups.push(() => writer.destroy());
    await writer.synced();
    const id = addEvent(
      writer.doc,
      { occurredAt: '2026-03-10T14:00:00Z', text: 'typed just before the deploy' },
      { userId: 'w' },
    );
    await writer.saved();
    expect(await first.stop()).toBe(0);
    expect(first.output()).toContain('parallax stopped');
    writer.destroy();

    const second = await start(dataDir);
    const reader = connectClient(second.url, incidentId, account);
    cleanups.push(() => reader.destroy());
    await reader.synced();
    expect(listEvents(reader.doc).map((event) => event.id)).toEqual([id]);
  });
});
