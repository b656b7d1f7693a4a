/**
 * Per-person state the web app keeps on the server: display preferences (`/api/me/preferences`) and the last
 * look at each incident (`/api/incidents/:id/last-view`, for "new since your last visit"). Who may call them is in
 * the access matrix; this is what they do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type SignedIn, type TestApp } from './test-app.ts';

describe('preferences and last views', () => {
  let testApp: TestApp;
  let alice: SignedIn;
  let bob: SignedIn;

  beforeAll(async () => {
    testApp = await startTestApp();
    alice = await testApp.signUp({ name: 'Alice Analyst' });
    bob = await testApp.signUp({ name: 'Bob Responder' });
  });

  afterAll(async () => {
    await testApp.close();
  });

  const as = (who: SignedIn, method: string, path: string, body?: unknown) =>
    testApp.request(method, path, { cookie: who.cookie, body });

  it('keeps each person’s zone and theme, starting from the defaults', async () => {
    expect(await (await as(alice, 'GET', '/api/me/preferences')).json()).toEqual({
      preferences: { timeZoneMode: 'local', theme: 'system' },
    });
    const put = await as(alice, 'PUT', '/api/me/preferences', { timeZoneMode: 'reference', theme: 'dark' });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ preferences: { timeZoneMode: 'reference', theme: 'dark' } });
    expect(await (await as(alice, 'GET', '/api/me/preferences')).json()).toEqual({
      preferences: { timeZoneMode: 'reference', theme: 'dark' },
    });
    expect(await (await as(bob, 'GET', '/api/me/preferences')).json()).toEqual({
      preferences: { timeZoneMode: 'local', theme: 'system' },
    });
  });

  it('refuses unknown preference values, naming the field', async () => {
    const response = await as(alice, 'PUT', '/api/me/preferences', { timeZoneMode: 'mars', theme: 'dark' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; details: { path: string }[] } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.details.map((issue) => issue.path)).toEqual(['timeZoneMode']);
  });

  it('keeps each person’s last view of each incident, moving only forward', async () => {
    const incidentId = await testApp.createIncident(alice.cookie, 'Views');
    const path = `/api/incidents/${incidentId}/last-view`;
    expect(await (await as(alice, 'GET', path)).json()).toEqual({ lastViewedAt: null });

    const first = await as(alice, 'PUT', path, { lastViewedAt: '2026-03-10T15:05:00+01:00' });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ lastViewedAt: '2026-03-10T14:05:00.000Z' });
    // A late request from a tab closed earlier does not bring marks back.
    expect(await (await as(alice, 'PUT', path, { lastViewedAt: '2026-03-10T09:00:00Z' })).json()).toEqual({
      lastViewedAt: '2026-03-10T14:05:00.000Z',
    });
    expect(await (await as(alice, 'GET', path)).json()).toEqual({ lastViewedAt: '2026-03-10T14:05:00.000Z' });
  });

  it('lets anyone who may read the incident keep their own last view, and nobody else', async () => {
    const incidentId = await testApp.createIncident(alice.cookie, 'Open to the organisation');
    const path = `/api/incidents/${incidentId}/last-view`;
    // Private: Bob may not know it exists.
    expect((await as(bob, 'PUT', path, { lastViewedAt: '2026-03-10T14:05:00Z' })).status).toBe(404);
    const opened = await as(alice, 'PATCH', `/api/incidents/${incidentId}`, { organisationCanView: true });
    expect(opened.status).toBe(200);
    // Readable by everyone signed in: Bob keeps his own, which is not Alice's.
    expect((await as(bob, 'PUT', path, { lastViewedAt: '2026-03-10T14:05:00Z' })).status).toBe(200);
    expect(await (await as(bob, 'GET', path)).json()).toEqual({ lastViewedAt: '2026-03-10T14:05:00.000Z' });
    expect(await (await as(alice, 'GET', path)).json()).toEqual({ lastViewedAt: null });
  });

  it('refuses a last view that is not a time', async () => {
    const incidentId = await testApp.createIncident(alice.cookie, 'Bad times');
    const response = await as(alice, 'PUT', `/api/incidents/${incidentId}/last-view`, { lastViewedAt: 'yesterday' });
    expect(response.status).toBe(400);
  });
});
