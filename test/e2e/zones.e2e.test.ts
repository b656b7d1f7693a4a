/**
 * Time zones in the browser: six events reported from six zones, around the 2026 daylight-saving changes in New
 * York (8 March) and Europe (29 March), shown in UTC, in the incident's reference zone (Asia/Kolkata, a half-hour
 * offset) and in the browser's own zone (the context runs in America/New_York). Every rendered time and day is
 * asserted as text. Typed times are read in the zone on screen, including a time the clocks skipped.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addEvent } from '@parallax/model';
import { chromiumSkipReason, launchChromium } from '../support/chromium.ts';
import { connectClient } from '../support/clients.ts';
import { api, startTestServer, type TestServer } from '../support/server.ts';
import { SYNC_TIMEOUT, SCREENSHOT_DIR, assertWebBuilt, openBrowser, sessionOf, signUp, type Person } from './people.ts';

const skipReason = chromiumSkipReason();

/** Known instants, each reported in a different zone, at each precision. */
const EVENTS = [
  { occurredAt: '2026-03-07T23:30:00.000Z', sourceZone: 'America/New_York', precision: 'minute', actor: 'Maya' },
  { occurredAt: '2026-03-08T07:15:42.000Z', sourceZone: 'Asia/Kolkata', precision: 'exact', actor: 'Priya' },
  { occurredAt: '2026-03-28T23:45:00.000Z', sourceZone: 'Europe/Berlin', precision: 'approximate', actor: 'Jonas' },
  { occurredAt: '2026-03-29T01:30:00.000Z', sourceZone: 'Europe/London', precision: 'minute', actor: 'Sam' },
  { occurredAt: '2026-03-29T12:00:00.000Z', sourceZone: 'America/Sao_Paulo', precision: 'minute', actor: 'Leo' },
  { occurredAt: '2026-03-29T16:20:05.000Z', sourceZone: 'Asia/Tokyo', precision: 'exact', actor: 'Aiko' },
] as const;

const EXPECTED = {
  utc: {
    times: ['23:30 UTC', '07:15:42 UTC', '~23:45 UTC', '01:30 UTC', '12:00 UTC', '16:20:05 UTC'],
    days: ['Sat, 7 Mar 2026', 'Sun, 8 Mar 2026', 'Sat, 28 Mar 2026', 'Sun, 29 Mar 2026'],
  },
  reference: {
    times: [
      '05:00 UTC+5:30',
      '12:45:42 UTC+5:30',
      '~05:15 UTC+5:30',
      '07:00 UTC+5:30',
      '17:30 UTC+5:30',
      '21:50:05 UTC+5:30',
    ],
    days: ['Sun, 8 Mar 2026', 'Sun, 29 Mar 2026'],
  },
  // New York: EST (UTC-5) until 8 March 07:00 UTC, EDT (UTC-4) after.
  local: {
    times: ['18:30 UTC-5', '03:15:42 UTC-4', '~19:45 UTC-4', '21:30 UTC-4', '08:00 UTC-4', '12:20:05 UTC-4'],
    days: ['Sat, 7 Mar 2026', 'Sun, 8 Mar 2026', 'Sat, 28 Mar 2026', 'Sun, 29 Mar 2026'],
  },
};

describe.skipIf(skipReason !== null)('time zones in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let person: Person;
  let incidentId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    assertWebBuilt();
    server = await startTestServer();
    browser = await launchChromium();
    person = await openBrowser(browser, 'Nadia Analyst', {
      pageErrors,
      timezoneId: 'America/New_York',
      viewport: { width: 1280, height: 1000 },
    });
    await signUp(person, server.url);
    const session = await sessionOf(person);
    const created = await api(server, 'POST', '/api/incidents', {
      cookie: session.cookie,
      body: { title: 'Six zones, two clock changes', referenceTimeZone: 'Asia/Kolkata' },
    });
    incidentId = ((await created.json()) as { incident: { id: string } }).incident.id;
    // Written by another client of the document, as an import or a bot would.
    const client = connectClient(server.url, incidentId, session);
    await client.synced();
    for (const [index, event] of EVENTS.entries()) {
      addEvent(client.doc, { ...event, kind: 'note', text: `Event ${index + 1}` }, { userId: 'seed' });
    }
    await client.saved();
    client.destroy();
  });

  afterAll(async () => {
    await person?.context.close();
    await browser?.close();
    await server?.close();
  });

  async function rendered(page: Page) {
    const feed = page.getByRole('feed', { name: 'Events by time' });
    return {
      times: await feed.locator('article time').evaluateAll((nodes) => nodes.map((node) => node.textContent?.trim())),
      days: await feed.locator('h3.day').evaluateAll((nodes) => nodes.map((node) => node.textContent?.trim())),
    };
  }

  async function pick(page: Page, label: 'My zone' | 'UTC' | 'Incident zone') {
    await page.getByRole('radio', { name: new RegExp(`^${label}`) }).check();
  }

  it(
    'shows every time in UTC, the incident zone and the browser zone, daylight saving included',
    { timeout: 60_000 },
    async () => {
      const { page } = person;
      await page.goto(`${server.url}/incidents/${incidentId}`);
      await page.getByRole('article').nth(5).waitFor({ timeout: SYNC_TIMEOUT });

      await pick(page, 'UTC');
      await expect.poll(() => rendered(page)).toEqual(EXPECTED.utc);
      await pick(page, 'Incident zone');
      await expect.poll(() => rendered(page)).toEqual(EXPECTED.reference);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-zones-reference.png`, fullPage: true });
      await pick(page, 'My zone');
      await expect.poll(() => rendered(page)).toEqual(EXPECTED.local);
      expect(await page.getByRole('radio', { name: /^My zone/ }).getAttribute('value')).toBe('local');
      await page.getByText('America/New_York', { exact: true }).first().waitFor();

      // Each event keeps the zone its source reported in, shown beside the displayed time.
      const times = page.getByRole('feed').locator('article time');
      expect(await times.nth(0).getAttribute('title')).toBe('18:30 UTC-5 · 18:30 source America/New_York');
      expect(await times.nth(1).getAttribute('title')).toBe('03:15:42 UTC-4 · 12:45:42 source Asia/Kolkata');
      expect(await times.nth(3).getAttribute('title')).toBe('21:30 UTC-4 · 02:30 source Europe/London');
      expect(await times.nth(5).getAttribute('title')).toBe('12:20:05 UTC-4 · 01:20:05 source Asia/Tokyo');
      await page.getByRole('article').nth(2).getByRole('button', { name: 'Edit' }).click();
      await page.getByText('~19:45 UTC-4 · ~00:45 source Europe/Berlin · approximate').waitFor();
      await page.keyboard.press('Escape');

      // The choices of zone and theme are remembered on the server (they follow the person to other browsers).
      await pick(page, 'Incident zone');
      await page.getByLabel('Colour theme').selectOption('dark');
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      const session = await sessionOf(person);
      await expect
        .poll(async () => (await api(server, 'GET', '/api/me/preferences', session)).json())
        .toEqual({ preferences: { timeZoneMode: 'reference', theme: 'dark' } });
      await page.reload();
      await page.getByRole('article').nth(5).waitFor({ timeout: SYNC_TIMEOUT });
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      expect(await page.getByRole('radio', { name: /^Incident zone/ }).isChecked()).toBe(true);
      await expect.poll(() => rendered(page)).toEqual(EXPECTED.reference);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-zones-dark.png`, fullPage: true });
      await page.getByLabel('Colour theme').selectOption('system');
      expect(pageErrors).toEqual([]);
    },
  );

  it(
    'reads typed times in the zone on screen, and refuses a time the clocks skipped',
    { timeout: 60_000 },
    async () => {
      const { page } = person;
      await page.goto(`${server.url}/incidents/${incidentId}`);
      await page.getByRole('article').nth(5).waitFor({ timeout: SYNC_TIMEOUT });
      await pick(page, 'My zone');
      const form = page.getByRole('region', { name: 'Add event' });
      const time = form.getByLabel('Time', { exact: true });
      const preview = page.locator('#new-event-time-preview');

      // 02:30 on 8 March did not happen in New York.
      await time.fill('2026-03-08 02:30');
      await expect
        .poll(() => preview.textContent())
        .toContain(
          '02:30 did not happen on Sun, 8 Mar 2026 in America/New_York: the clocks went forward from 02:00 to 03:00.',
        );
      await form.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: 'did not happen' }).waitFor();
      expect(await page.getByRole('article').count()).toBe(6);

      // 01:30 on 1 November happened twice; the first is taken, and the preview says so.
      await time.fill('2026-11-01 01:30');
      await expect.poll(() => preview.textContent()).toContain('happened twice');

      // A plain time in New York is stored as the UTC instant, and shown in each zone.
      await time.fill('2026-03-29 08:05');
      await expect.poll(() => preview.textContent()).toContain('Sun, 29 Mar 2026, 08:05 UTC-4 · 12:05 UTC');
      await form.getByLabel('What happened').fill('Typed in New York');
      await form.getByRole('button', { name: 'Add', exact: true }).click();
      const added = page.getByRole('article').filter({ hasText: 'Typed in New York' });
      await added.waitFor();
      expect(await added.locator('time').textContent()).toBe('08:05 UTC-4');
      expect(await added.locator('time').getAttribute('title')).toBe('08:05 UTC-4 · 08:05 source America/New_York');
      await pick(page, 'UTC');
      await expect.poll(() => added.locator('time').textContent()).toBe('12:05 UTC');
      expect(pageErrors).toEqual([]);
    },
  );
});
