import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readMeta } from '@parallax/model';
import { startTestApp, type SignedIn, type TestApp } from './test-app.ts';

describe('/api/incidents', () => {
  let testApp: TestApp;
  let owner: SignedIn;

  beforeAll(async () => {
    testApp = await startTestApp();
    owner = await testApp.signUp({ name: 'Olga Owner' });
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** A request as the signed-in owner, from our own origin. */
  const json = (method: string, path: string, body?: unknown) =>
    testApp.request(method, path, { cookie: owner.cookie, body });
  const get = (path: string) => testApp.request('GET', path, { cookie: owner.cookie });

  async function storedMeta(id: string) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await testApp.sync.getDocumentState(id));
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
    const list = (await (await get('/api/incidents')).json()) as { incidents: { id: string }[] };
    const ids = list.incidents.map((incident) => incident.id);
    expect(ids.indexOf(second.incident.id)).toBeLessThan(ids.indexOf(first.incident.id));
    const one = await get(`/api/incidents/${first.incident.id}`);
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
    const response = await json('DELETE', `/api/incidents/${incident.id}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { incident: { archivedAt: string | null } }).incident.archivedAt).not.toBeNull();
    const list = (await (await get('/api/incidents')).json()) as { incidents: { id: string }[] };
    expect(list.incidents.map((item) => item.id)).not.toContain(incident.id);
    expect((await get(`/api/incidents/${incident.id}`)).status).toBe(200);
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
      const response = await testApp.app.request('/api/incidents', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost', cookie: owner.cookie },
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
      expect((await get('/api/incidents/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await json('PATCH', '/api/incidents/00000000-0000-4000-8000-000000000000', { title: 'x' })).status).toBe(
        404,
      );
      expect((await get('/api/incidents/not-a-uuid')).status).toBe(400);
      expect((await json('DELETE', '/api/incidents/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    });

    it('an empty PATCH → 400', async () => {
      const { incident } = (await (await json('POST', '/api/incidents', { title: 'Same' })).json()) as {
        incident: { id: string };
      };
      expect((await json('PATCH', `/api/incidents/${incident.id}`, {})).status).toBe(400);
    });

    it('unknown API paths answer JSON 404', async () => {
      const response = await get('/api/nope');
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
    });
  });

  it('GET /healthz reports the database and the rooms', async () => {
    const response = await testApp.app.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'pglite' });
  });
});
