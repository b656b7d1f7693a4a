import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readMeta } from '@parallax/model';
import { IncidentRepository, SqlDocumentStore, migrate, openDatabase, type SqlClient } from '@parallax/db';
import { SyncServer } from '@parallax/sync';
import { createApp } from '../app.ts';
import { createLogger } from '../logger.ts';

describe('/api/incidents', () => {
  let dataDir: string;
  let sql: SqlClient;
  let sync: SyncServer;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parallax-http-'));
    sql = await openDatabase({ dataDir });
    await migrate(sql);
    sync = new SyncServer({ store: new SqlDocumentStore(sql) });
    app = createApp({
      services: { sql, sync, incidents: new IncidentRepository(sql), logger: createLogger('silent') },
    });
  });

  afterAll(async () => {
    await sync.shutdown();
    await sql.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const json = (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  async function storedMeta(id: string) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await sync.getDocumentState(id));
    return readMeta(doc);
  }

  it('creates an incident (201) whose document already carries its title and zone', async () => {
    const response = await json('POST', '/api/incidents', {
      title: '  Atlas latency  ',
      referenceTimeZone: 'Europe/Berlin',
    });
    expect(response.status).toBe(201);
    const { incident } = (await response.json()) as { incident: Record<string, unknown> };
    expect(incident).toMatchObject({ title: 'Atlas latency', referenceTimeZone: 'Europe/Berlin', archivedAt: null });
    const meta = await storedMeta(String(incident.id));
    expect(meta.title).toBe('Atlas latency');
    expect(meta.referenceTimeZone).toBe('Europe/Berlin');
  });

  it('lists incidents newest first and reads one by id', async () => {
    const first = (await (await json('POST', '/api/incidents', { title: 'First' })).json()) as {
      incident: { id: string };
    };
    const second = (await (await json('POST', '/api/incidents', { title: 'Second' })).json()) as {
      incident: { id: string };
    };
    const list = (await (await app.request('/api/incidents')).json()) as { incidents: { id: string }[] };
    const ids = list.incidents.map((incident) => incident.id);
    expect(ids.indexOf(second.incident.id)).toBeLessThan(ids.indexOf(first.incident.id));
    const one = await app.request(`/api/incidents/${first.incident.id}`);
    expect(one.status).toBe(200);
    expect(((await one.json()) as { incident: { title: string } }).incident.title).toBe('First');
  });

  it('PATCH changes the index row and the live document together', async () => {
    const { incident } = (await (await json('POST', '/api/incidents', { title: 'Before' })).json()) as {
      incident: { id: string };
    };
    const response = await json('PATCH', `/api/incidents/${incident.id}`, { title: 'After', severity: 'SEV2' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ incident: { title: 'After', severity: 'SEV2' } });
    const meta = await storedMeta(incident.id);
    expect(meta).toMatchObject({ title: 'After', severity: 'SEV2' });
  });

  it('DELETE archives: the incident stays readable but leaves the list', async () => {
    const { incident } = (await (await json('POST', '/api/incidents', { title: 'Old' })).json()) as {
      incident: { id: string };
    };
    const response = await app.request(`/api/incidents/${incident.id}`, { method: 'DELETE' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { incident: { archivedAt: string | null } }).incident.archivedAt).not.toBeNull();
    const list = (await (await app.request('/api/incidents')).json()) as { incidents: { id: string }[] };
    expect(list.incidents.map((item) => item.id)).not.toContain(incident.id);
    expect((await app.request(`/api/incidents/${incident.id}`)).status).toBe(200);
  });

  describe('bad input gets a clear error and changes nothing', () => {
    it.each([
      ['empty title', { title: '   ' }, 'title'],
      ['missing title', {}, 'title'],
      ['unknown zone', { title: 'x', referenceTimeZone: 'Mars/Olympus' }, 'referenceTimeZone'],
      ['unknown severity', { title: 'x', severity: 'SEV9' }, 'severity'],
      ['title too long', { title: 'x'.repeat(201) }, 'title'],
    ])('%s → 400 naming the field', async (_name, body, field) => {
      const response = await json('POST', '/api/incidents', body);
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('invalid_input');
      expect(error.message).toContain(field);
    });

    it('invalid JSON → 400', async () => {
      const response = await app.request('/api/incidents', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"title": ',
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
    });

    it('a body over 1 MiB → 413', async () => {
      const response = await json('POST', '/api/incidents', { title: 'x', padding: 'y'.repeat(1_100_000) });
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    });

    it('unknown and malformed ids → 404 / 400', async () => {
      expect((await app.request('/api/incidents/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await json('PATCH', '/api/incidents/00000000-0000-4000-8000-000000000000', { title: 'x' })).status).toBe(
        404,
      );
      expect((await app.request('/api/incidents/not-a-uuid')).status).toBe(400);
      expect(
        (await app.request('/api/incidents/00000000-0000-4000-8000-000000000000', { method: 'DELETE' })).status,
      ).toBe(404);
    });

    it('an empty PATCH → 400', async () => {
      const { incident } = (await (await json('POST', '/api/incidents', { title: 'Same' })).json()) as {
        incident: { id: string };
      };
      expect((await json('PATCH', `/api/incidents/${incident.id}`, {})).status).toBe(400);
    });

    it('unknown API paths answer JSON 404', async () => {
      const response = await app.request('/api/nope');
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
    });
  });

  it('GET /healthz reports the database and the rooms', async () => {
    const response = await app.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'pglite' });
  });
});
