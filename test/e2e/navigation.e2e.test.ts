/**
 * Reading a long timeline in Chromium: a 3,000-event incident renders a window of cards, keyboard navigation
 * reaches any event (scrolling it in first), filters combine with their counts, a second person's presence can be
 * followed, and a returning reader sees exactly what others added or changed since their last visit.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEvent, listEvents, type IncidentEvent } from '@parallax/model';
import { buildIncidentDoc } from '@parallax/testing';
import { chromiumSkipReason, launchChromium } from '../support/chromium.ts';
import { connectClient } from '../support/clients.ts';
import { addMember, createIncident, startTestServer, type TestServer } from '../support/server.ts';
import {
  SYNC_TIMEOUT,
  SCREENSHOT_DIR,
  assertWebBuilt,
  editorText,
  openBrowser,
  sessionOf,
  signUp,
  type Person,
} from './people.ts';

const skipReason = chromiumSkipReason();
const EVENTS = 3_000;

describe.skipIf(skipReason !== null)('reading and navigating a timeline', () => {
  let server: TestServer;
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  let incidentId: string;
  /** The seeded events in timeline order, as the server holds them. */
  let events: IncidentEvent[];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    assertWebBuilt();
    server = await startTestServer();
    browser = await launchChromium();
    alice = await openBrowser(browser, 'Alice Analyst', { pageErrors, viewport: { width: 1280, height: 900 } });
    bob = await openBrowser(browser, 'Bob Responder', { pageErrors, viewport: { width: 1280, height: 900 } });
    await signUp(alice, server.url);
    await signUp(bob, server.url);
    const session = await sessionOf(alice);
    incidentId = await createIncident(server, session, 'A long night');
    await addMember(server, session, incidentId, bob, 'editor');
    const client = connectClient(server.url, incidentId, session);
    await client.synced();
    Y.applyUpdate(client.doc, Y.encodeStateAsUpdate(buildIncidentDoc({ events: EVENTS, seed: 3 })));
    await client.saved();
    events = listEvents(client.doc);
    client.destroy();
    // Two browsers and a 3,000-event incident: on a busy 2-core machine this alone can take most of a minute.
  }, 180_000);

  afterAll(async () => {
    await Promise.all([alice, bob].map((person) => person?.context.close()));
    await browser?.close();
    await server?.close();
  });

  const feed = (page: Page) => page.getByRole('feed', { name: 'Events by time' });
  const showing = (page: Page) => page.getByRole('status').filter({ hasText: /events$|^\s*Showing/ });
  const focusedPosition = (page: Page) =>
    page.evaluate(() => Number(document.activeElement?.getAttribute('aria-posinset') ?? NaN));

  async function inViewport(page: Page, card: Locator): Promise<boolean> {
    const box = await card.boundingBox();
    const height = page.viewportSize()?.height ?? 0;
    return box !== null && box.y >= 0 && box.y + Math.min(box.height, 80) <= height;
  }

  async function openIncident(page: Page) {
    await page.goto(`${server.url}/incidents/${incidentId}`);
    await showing(page)
      .filter({ hasText: '3,000 events' })
      .waitFor({ timeout: SYNC_TIMEOUT * 3 });
  }

  it('renders a window of a 3,000-event timeline and moves through it by keyboard', { timeout: 90_000 }, async () => {
    const { page } = alice;
    await openIncident(page);
    expect(await feed(page).locator('article').count()).toBeLessThan(60);

    // One tab stop for the list; j/k and the arrows move between events.
    await feed(page).locator('article').first().focus();
    expect(await focusedPosition(page)).toBe(1);
    for (const key of ['j', 'j', 'ArrowDown', 'k']) await page.keyboard.press(key);
    expect(await focusedPosition(page)).toBe(3);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('tabindex'))).toBe('0');

    // End reaches the last event, far outside what was rendered, and brings it on screen.
    await page.keyboard.press('End');
    await expect.poll(() => focusedPosition(page)).toBe(EVENTS);
    const last = feed(page).locator(`article[data-event-id="${events.at(-1)?.id}"]`);
    expect(await inViewport(page, last)).toBe(true);
    expect(await feed(page).locator('article').count()).toBeLessThan(60);
    await page.keyboard.press('k');
    await expect.poll(() => focusedPosition(page)).toBe(EVENTS - 1);
    await page.keyboard.press('Home');
    await expect.poll(() => focusedPosition(page)).toBe(1);

    // Enter opens the focused event; Escape leaves it, back on the card.
    await page.keyboard.press('Enter');
    const first = feed(page).locator(`article[data-event-id="${events[0]?.id}"]`);
    const editor = first.getByRole('textbox', { name: 'Event text' });
    await expect.poll(() => editor.evaluate((node) => node === document.activeElement)).toBe(true);
    expect(await editorText(editor)).toBe(events[0]?.text);
    await page.keyboard.press('Escape');
    await expect.poll(() => focusedPosition(page)).toBe(1);
    expect(await editor.count()).toBe(0);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-long-timeline.png` });
    expect(pageErrors).toEqual([]);
  });

  it('filters by kind, actor, tag and words, with counts, and clears them', { timeout: 90_000 }, async () => {
    const { page } = alice;
    await openIncident(page);
    const repairs = events.filter((event) => event.kind === 'repair');
    const kindChip = page.getByRole('button', { name: /^Repair/ });
    expect(await kindChip.textContent()).toContain(String(repairs.length));
    await kindChip.click();
    expect(await kindChip.getAttribute('aria-pressed')).toBe('true');
    await showing(page)
      .filter({ hasText: `Showing ${repairs.length.toLocaleString('en')} of 3,000` })
      .waitFor();

    const actor = repairs[0]?.actor ?? '';
    const byActor = repairs.filter((event) => event.actor === actor);
    await page.getByRole('button', { name: 'Actor', exact: true }).click();
    const actorOption = page.getByRole('checkbox', { name: actor });
    expect(await actorOption.locator('xpath=..').textContent()).toContain(String(byActor.length));
    await actorOption.check();
    await page.keyboard.press('Escape');
    await showing(page)
      .filter({ hasText: `Showing ${byActor.length} of 3,000` })
      .waitFor();

    // Keyboard navigation stays among what is shown.
    await feed(page).locator('article').first().focus();
    await page.keyboard.press('End');
    await expect.poll(() => focusedPosition(page)).toBe(byActor.length);

    const tag = 'latency';
    const withTag = byActor.filter((event) => event.tags.includes(tag));
    await page.getByRole('button', { name: 'Tag', exact: true }).click();
    await page.getByRole('checkbox', { name: `#${tag}` }).check();
    await page.keyboard.press('Escape');
    await showing(page)
      .filter({ hasText: `Showing ${withTag.length} of 3,000` })
      .waitFor();

    await page.getByRole('button', { name: 'Clear all filters' }).click();
    await showing(page).filter({ hasText: '3,000 events' }).waitFor();

    // "/" jumps to the text filter; every word must appear.
    await page.locator('body').press('/');
    const word = (events[10]?.text.split(/\s+/)[0] ?? '').toLowerCase();
    const matching = events.filter((event) =>
      `${event.text}\n${event.actor}\n${event.tags.join(' ')}`.toLowerCase().includes(word),
    );
    await page.keyboard.type(word);
    await showing(page)
      .filter({ hasText: `Showing ${matching.length.toLocaleString('en')} of 3,000` })
      .waitFor();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-filtered.png` });
    await page.getByRole('button', { name: 'Clear all filters' }).click();
    await showing(page).filter({ hasText: '3,000 events' }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('shows who is here and follows them through the timeline', { timeout: 90_000 }, async () => {
    await openIncident(alice.page);
    await openIncident(bob.page);
    const follow = alice.page.getByRole('button', { name: /^Follow Bob Responder/ });
    await follow.waitFor({ timeout: SYNC_TIMEOUT });
    await follow.click();
    await alice.page.getByRole('status').filter({ hasText: 'Following Bob Responder — Esc to stop' }).waitFor();

    // Bob goes to the last event: Alice's timeline goes with him.
    await feed(bob.page).locator('article').first().focus();
    await bob.page.keyboard.press('End');
    const last = feed(alice.page).locator(`article[data-event-id="${events.at(-1)?.id}"]`);
    await last.waitFor({ timeout: SYNC_TIMEOUT });
    await expect.poll(() => inViewport(alice.page, last), { timeout: SYNC_TIMEOUT }).toBe(true);

    // He finds an event in the middle by its words and opens it; she sees it there, with his avatar on the card.
    const middle = events[1500];
    const bobsMiddle = feed(bob.page).locator(`article[data-event-id="${middle?.id}"]`);
    await bob.page.getByRole('searchbox', { name: 'Filter events by text' }).fill(middle?.text ?? '');
    await bobsMiddle.getByRole('button', { name: 'Edit' }).click();
    await bob.page.getByRole('button', { name: 'Clear all filters' }).click();
    const alicesMiddle = feed(alice.page).locator(`article[data-event-id="${middle?.id}"]`);
    await alicesMiddle.getByLabel('Editing now: Bob Responder').waitFor({ timeout: SYNC_TIMEOUT });
    await expect.poll(() => inViewport(alice.page, alicesMiddle), { timeout: SYNC_TIMEOUT }).toBe(true);
    await alice.page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-following.png` });

    await alice.page.keyboard.press('Escape');
    await alice.page.getByText('Esc to stop').waitFor({ state: 'detached' });
    await bob.page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
  });

  it('marks exactly what others added or changed since the last visit', { timeout: 90_000 }, async () => {
    const aliceSession = await sessionOf(alice);
    const small = await createIncident(server, aliceSession, 'Since you were here');
    await addMember(server, aliceSession, small, bob, 'editor');
    const url = `${server.url}/incidents/${small}`;
    const seed = connectClient(server.url, small, aliceSession);
    await seed.synced();
    const at = (minute: number) => new Date(Date.UTC(2026, 2, 10, 14, minute)).toISOString();
    const [untouched, retold, reclassified] = ['Alerts fire', 'Failover starts', 'Status page updated'].map((text, i) =>
      addEvent(seed.doc, { occurredAt: at(i * 5), text }, { userId: 'seed' }),
    );
    await seed.saved();
    seed.destroy();
    const card = (page: Page, id: string | undefined) => feed(page).locator(`article[data-event-id="${id}"]`);

    // Alice's first visit marks nothing; leaving records it.
    await alice.page.goto(url);
    await card(alice.page, untouched).waitFor({ timeout: SYNC_TIMEOUT });
    expect(await alice.page.locator('article[data-news]').count()).toBe(0);
    await alice.page.goto(server.url);
    await alice.page.getByRole('link', { name: 'Since you were here' }).waitFor();
    await alice.page.waitForTimeout(1100);

    // While she is away, Bob adds one event, retells one and reclassifies another.
    await bob.page.goto(url);
    await card(bob.page, retold).waitFor({ timeout: SYNC_TIMEOUT });
    const form = bob.page.getByRole('region', { name: 'Add event' });
    await form.getByLabel('Time', { exact: true }).fill('2026-03-10 14:20');
    await form.getByLabel('What happened').fill('Bob found the runbook');
    await form.getByRole('button', { name: 'Add', exact: true }).click();
    await card(bob.page, retold).getByRole('button', { name: 'Edit' }).click();
    await card(bob.page, retold).getByRole('textbox', { name: 'Event text' }).press('Control+End');
    await bob.page.keyboard.type(' (manually)');
    await bob.page.keyboard.press('Escape');
    await card(bob.page, reclassified).getByRole('button', { name: 'Edit' }).click();
    await card(bob.page, reclassified).getByLabel('Kind').selectOption('communication');
    await bob.page.keyboard.press('Escape');
    await bob.page
      .getByRole('status')
      .filter({ hasText: /^\s*Saved\s*$/ })
      .waitFor({ timeout: SYNC_TIMEOUT });

    // Alice comes back: the new one is "New", the two others "Changed", the untouched one unmarked.
    await alice.page.goto(url);
    await card(alice.page, retold).waitFor({ timeout: SYNC_TIMEOUT });
    const banner = alice.page.getByRole('region', { name: 'New since your last visit' });
    await banner.getByText('1 new, 2 changed').waitFor({ timeout: SYNC_TIMEOUT });
    const marks = await feed(alice.page)
      .locator('article')
      .evaluateAll((articles) =>
        articles.map((article) => [article.querySelector('.text')?.textContent?.trim(), article.dataset.news ?? null]),
      );
    expect(marks).toEqual([
      ['Alerts fire', null],
      ['Failover starts (manually)', 'changed'],
      ['Status page updated', 'changed'],
      ['Bob found the runbook', 'new'],
    ]);
    expect(await card(alice.page, reclassified).getByText('Changed', { exact: true }).count()).toBe(1);
    await alice.page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-new-since.png`, fullPage: true });

    // "Next" steps to the marked events; "Mark all as seen" clears the marks, also for the next visit.
    await banner.getByRole('button', { name: 'Next' }).click();
    await expect
      .poll(() => alice.page.evaluate(() => document.activeElement?.getAttribute('data-event-id')))
      .toBe(retold);
    await banner.getByRole('button', { name: 'Mark all as seen' }).click();
    await banner.waitFor({ state: 'detached' });
    expect(await alice.page.locator('article[data-news]').count()).toBe(0);
    await alice.page.reload();
    await card(alice.page, retold).waitFor({ timeout: SYNC_TIMEOUT });
    await alice.page.waitForTimeout(300);
    expect(await alice.page.locator('article[data-news]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
