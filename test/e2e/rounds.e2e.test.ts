/**
 * A full calibration round in three browsers. Alice (owner, so she runs the review) opens round 1 on an incident
 * with events, a perspective and a question; Bob (editor) and Carol (viewer), already reading the incident, get the
 * notice, read the frozen version and give feedback; Carol marks it reviewed. Alice edits the live timeline while
 * the round's version stays as it was, reads the feedback per item, jumps to the live event and closes the round,
 * after which Bob can no longer give feedback. Then the history: Alice compares round 1 with now (the edit shows as
 * an insertion), restores round 1 (Bob's open timeline follows) and forks it into a new incident.
 * Needs the web build and Debian's Chromium, like the other suites.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addEvent, addPerspective, addQuestion } from '@parallax/model';
import { chromiumSkipReason, launchChromium } from '../support/chromium.ts';
import { connectClient } from '../support/clients.ts';
import { addMember, createIncident, startTestServer, type TestServer } from '../support/server.ts';
import {
  SCREENSHOT_DIR,
  SYNC_TIMEOUT,
  assertWebBuilt,
  editorText,
  openBrowser,
  sessionOf,
  signUp,
  type Person,
} from './people.ts';

const skipReason = chromiumSkipReason();

const TITLE = 'Checkout errors after the 14:00 deploy';
const ALERT_TEXT = 'Checkout error rate above 5%';
const LIVE_EDIT = ' in the EU region';
const MESSAGE = 'Please check the first hour: did it feel like this to you?';
const BOB_CORRECTION = 'The alert fired at 14:05, not 14:03: I had the graph open.';
const CAROL_EXPERIENCE = 'I was not at the standup; I saw the page on my phone at home.';
const ALERT_NAME = 'Detection at 14:03 UTC — PagerDuty';
const PERSPECTIVE_NAME = 'Carol (on call): perspective';

describe.skipIf(skipReason !== null)('a calibration round in three browsers', () => {
  let server: TestServer;
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  let incidentId: string;
  let alertId: string;
  let deployId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    assertWebBuilt();
    server = await startTestServer();
    browser = await launchChromium();
    const viewport = { width: 1440, height: 900 };
    alice = await openBrowser(browser, 'Alice Owner', { pageErrors, viewport });
    bob = await openBrowser(browser, 'Bob Editor', { pageErrors, viewport });
    carol = await openBrowser(browser, 'Carol Viewer', { pageErrors, viewport });
    for (const person of [alice, bob, carol]) await signUp(person, server.url);
    const session = await sessionOf(alice);
    incidentId = await createIncident(server, session, TITLE);
    await addMember(server, session, incidentId, bob, 'editor');
    await addMember(server, session, incidentId, carol, 'viewer');
    // Written by another client of the document, as an import would.
    const client = connectClient(server.url, incidentId, session);
    await client.synced();
    const ctx = { userId: 'seed' };
    deployId = addEvent(
      client.doc,
      {
        occurredAt: '2025-03-04T13:58:00.000Z',
        precision: 'minute',
        kind: 'action',
        actor: 'deploy-bot',
        text: 'Deploy 4812 of checkout-api rolled out to 100%',
      },
      ctx,
    );
    alertId = addEvent(
      client.doc,
      {
        occurredAt: '2025-03-04T14:03:00.000Z',
        precision: 'minute',
        kind: 'detection',
        actor: 'PagerDuty',
        text: ALERT_TEXT,
      },
      ctx,
    );
    addPerspective(
      client.doc,
      { eventId: alertId, person: 'Carol', role: 'on call', saw: 'The page arrived during the standup' },
      ctx,
    );
    addQuestion(client.doc, { eventId: deployId, text: 'Who approved rolling out to 100% at once?' }, ctx);
    await client.saved();
    client.destroy();
  });

  afterAll(async () => {
    await Promise.all([alice, bob, carol].map((person) => person?.context.close()));
    await browser?.close();
    await server?.close();
  });

  const liveCard = (page: Page, id: string) => page.locator(`article[data-event-id="${id}"]`);
  const frozenCard = (page: Page, id: string) => page.locator(`article[data-frozen-event-id="${id}"]`);
  const notice = (page: Page) => page.getByRole('complementary', { name: 'Calibration round 1' });
  const tab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) });
  const roundsTab = (page: Page) => tab(page, 'Rounds & history');
  const history = (page: Page) => page.getByRole('region', { name: 'History', exact: true });

  /** The page gaining focus is when the app asks for new rounds and feedback (besides every 30 seconds). */
  async function focusPage(page: Page): Promise<void> {
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  }

  /** Refocuses until `locator` appears: the answer to one refresh may predate the change it waits for. */
  async function refocusUntil(page: Page, locator: Locator): Promise<void> {
    await expect
      .poll(
        async () => {
          await focusPage(page);
          return locator.isVisible();
        },
        { timeout: SYNC_TIMEOUT, interval: 250 },
      )
      .toBe(true);
  }

  async function giveFeedback(page: Page, itemName: string, kind: string, text: string) {
    await page.getByRole('button', { name: `Give feedback on ${itemName}` }).click();
    const form = page.getByRole('form', { name: `Feedback on ${itemName}` });
    await form.getByRole('radio', { name: kind }).check();
    await form.getByLabel('In your words').fill(text);
    await form.getByRole('button', { name: 'Send feedback' }).click();
    const list = page.getByRole('list', { name: `Feedback on ${itemName}` });
    await list.getByRole('listitem').filter({ hasText: text }).waitFor();
    expect(await list.getByRole('listitem').filter({ hasText: text }).textContent()).toContain(kind);
  }

  it(
    'opens a round, collects feedback, stays frozen, closes; then compares, restores and forks',
    { timeout: 180_000 },
    async () => {
      for (const { page } of [alice, bob, carol]) {
        await page.goto(`${server.url}/incidents/${incidentId}`);
        await liveCard(page, alertId).waitFor({ timeout: SYNC_TIMEOUT });
      }

      // Alice opens round 1 with a message for the participants.
      await roundsTab(alice.page).click();
      const open = alice.page.getByRole('form', { name: 'Open a calibration round' });
      await open.getByLabel('Label').fill('First read-through');
      await open.getByLabel('Message to participants').fill(MESSAGE);
      await open.getByRole('button', { name: 'Open round' }).click();
      const rounds = alice.page.getByRole('list', { name: 'Rounds, newest first' });
      await rounds.getByRole('link', { name: 'Round 1 · First read-through' }).waitFor();
      // She opened it: no notice asks her to review her own round.
      expect(await notice(alice.page).count()).toBe(0);

      // Bob and Carol, on the incident page all along, are told when their page next looks (focus, or 30 s).
      for (const person of [bob, carol]) {
        await refocusUntil(person.page, notice(person.page));
        expect(await notice(person.page).textContent()).toContain(MESSAGE);
        expect(await tab(person.page, 'Rounds & history').textContent()).toContain('1');
      }

      // Bob reads the frozen version and corrects the alert's time.
      await notice(bob.page).getByRole('link', { name: 'Read and give feedback' }).click();
      await bob.page.getByRole('heading', { level: 2, name: 'First read-through' }).waitFor();
      await frozenCard(bob.page, deployId).waitFor();
      await giveFeedback(bob.page, ALERT_NAME, 'Correction', BOB_CORRECTION);

      // Carol says the perspective written for her is not how she lived it, and marks the round reviewed.
      await notice(carol.page).getByRole('link', { name: 'Read and give feedback' }).click();
      await carol.page.getByRole('heading', { level: 2, name: 'First read-through' }).waitFor();
      await giveFeedback(carol.page, PERSPECTIVE_NAME, 'Not my experience', CAROL_EXPERIENCE);
      // Participants see what others said too.
      await refocusUntil(carol.page, carol.page.getByText(BOB_CORRECTION));
      await carol.page.getByRole('button', { name: 'I have reviewed this' }).click();
      await carol.page.getByText('You have reviewed this round.').waitFor();
      await carol.page.getByRole('button', { name: 'All rounds and history' }).click();
      await carol.page.getByRole('list', { name: 'Rounds, newest first' }).getByText('You reviewed it').waitFor();
      expect(await notice(carol.page).count()).toBe(0);

      // Meanwhile Alice edits the live timeline.
      await tab(alice.page, 'Timeline').click();
      const alertCard = liveCard(alice.page, alertId);
      await alertCard.getByRole('button', { name: 'Edit' }).click();
      const editor = alertCard.getByRole('textbox', { name: 'Event text' });
      await editor.press('Control+End');
      await alice.page.keyboard.type(LIVE_EDIT, { delay: 10 });
      await expect.poll(() => editorText(editor)).toBe(`${ALERT_TEXT}${LIVE_EDIT}`);
      await editor.press('Escape');
      await alice.page
        .getByRole('status')
        .filter({ hasText: /^\s*Saved\s*$/ })
        .waitFor({ timeout: SYNC_TIMEOUT });

      // Bob's round stays the frozen version, also when loaded again from the server.
      await bob.page.reload();
      await frozenCard(bob.page, alertId).waitFor({ timeout: SYNC_TIMEOUT });
      expect((await frozenCard(bob.page, alertId).locator('.event-text').textContent())?.trim()).toBe(ALERT_TEXT);

      // Alice reads the round: feedback per item and per kind, who reviewed.
      await roundsTab(alice.page).click();
      await rounds.getByRole('link', { name: 'Round 1 · First read-through' }).click();
      const summary = alice.page.getByRole('region', { name: 'Feedback', exact: true });
      await summary.getByText('responses on').waitFor();
      expect((await summary.locator('.total').textContent())?.replace(/\s+/g, ' ').trim()).toBe(
        '2 responses on 2 items',
      );
      const byKind = summary.getByRole('list', { name: 'Feedback by kind' });
      expect(await byKind.getByRole('listitem').filter({ hasText: 'Correction' }).textContent()).toMatch(/1\s*$/);
      expect(await byKind.getByRole('listitem').filter({ hasText: 'Not my experience' }).textContent()).toMatch(
        /1\s*$/,
      );
      const items = summary.getByRole('list', { name: 'Items with feedback' });
      expect(await items.getByRole('listitem').allTextContents()).toEqual([
        expect.stringContaining(ALERT_NAME),
        expect.stringContaining('Carol (on call)'),
      ]);
      await alice.page
        .getByRole('region', { name: 'Reviewed by' })
        .getByRole('listitem')
        .filter({ hasText: 'Carol Viewer' })
        .waitFor();
      const aliceFeedback = alice.page.getByRole('list', { name: `Feedback on ${ALERT_NAME}` });
      expect(await aliceFeedback.textContent()).toContain('Bob Editor');
      expect(await aliceFeedback.textContent()).toContain(BOB_CORRECTION);

      // Only what has feedback: the deploy (no feedback on it or its question) goes.
      await summary.getByLabel('Show only items with feedback').check();
      await frozenCard(alice.page, deployId).waitFor({ state: 'detached' });
      expect(await frozenCard(alice.page, alertId).count()).toBe(1);
      await alice.page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-round.png` });

      // From Bob's feedback to the live event: the timeline, with the event open and focused.
      await frozenCard(alice.page, alertId)
        .getByRole('link', { name: `Go to the live item: ${ALERT_NAME}` })
        .click();
      await expect
        .poll(() => alice.page.evaluate(() => document.activeElement?.closest('article')?.dataset.eventId))
        .toBe(alertId);
      expect(await tab(alice.page, 'Timeline').getAttribute('aria-selected')).toBe('true');
      await alertCard.getByRole('textbox', { name: 'Event text' }).waitFor();

      // Alice closes the round.
      await roundsTab(alice.page).click();
      await rounds.getByRole('link', { name: 'Round 1 · First read-through' }).click();
      await alice.page
        .getByRole('region', { name: 'Close the round' })
        .getByRole('button', { name: 'Close round' })
        .click();
      await alice.page.getByRole('button', { name: 'Close round 1' }).click();
      await alice.page.getByText('This round is closed').waitFor();

      // Bob, still reading, finds it closed: no more feedback.
      const closedBanner = bob.page.getByText('This round is closed');
      await refocusUntil(bob.page, closedBanner);
      expect(await bob.page.getByRole('button', { name: /^Give feedback/ }).count()).toBe(0);
      expect(await bob.page.getByRole('list', { name: `Feedback on ${ALERT_NAME}` }).textContent()).toContain(
        BOB_CORRECTION,
      );

      // Alice compares round 1 with now: the live edit shows as an insertion in the alert's text.
      await alice.page.getByRole('button', { name: 'All rounds and history' }).click();
      const roundVersion = history(alice.page)
        .getByRole('list', { name: 'Saved versions, newest first' })
        .getByRole('listitem')
        .filter({ hasText: 'Round 1 · First read-through' });
      await roundVersion.getByRole('button', { name: 'Compare with now' }).click();
      const diff = alice.page.getByRole('region', { name: /^Changes from/ });
      await diff.waitFor();
      expect((await diff.getByRole('heading', { level: 3 }).first().textContent())?.replace(/\s+/g, ' ').trim()).toBe(
        'Changes from “Round 1 · First read-through” to Now',
      );
      const changed = diff.getByRole('article', { name: /^Changed event: Detection — PagerDuty/ });
      expect(await changed.locator('ins').allTextContents()).toEqual([LIVE_EDIT]);
      expect(await changed.textContent()).toContain('Tue, 4 Mar 2025, 14:03 UTC');
      expect(await diff.getByText('1 changed', { exact: true }).count()).toBe(1);
      // The comparison, below the lists, is brought into view.
      await expect
        .poll(
          async () => {
            const box = await changed.boundingBox();
            return box ? box.y + box.height : Infinity;
          },
          { timeout: SYNC_TIMEOUT },
        )
        .toBeLessThanOrEqual(900);
      await alice.page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-diff.png` });

      // Bob goes back to the live timeline, which has Alice's edit.
      await bob.page.getByRole('button', { name: 'All rounds and history' }).click();
      await tab(bob.page, 'Timeline').click();
      const bobsAlert = liveCard(bob.page, alertId);
      await expect
        .poll(() => bobsAlert.locator('.text').textContent(), { timeout: SYNC_TIMEOUT })
        .toContain(LIVE_EDIT.trim());

      // Alice restores round 1: a forward edit that reaches Bob's open page; the version before is kept.
      await roundVersion.getByRole('button', { name: 'Restore…' }).click();
      const confirm = alice.page.getByRole('dialog', { name: 'Restore “Round 1 · First read-through”?' });
      expect(await confirm.textContent()).toContain('Before restore');
      await confirm.getByRole('button', { name: 'Restore this version' }).click();
      await history(alice.page)
        .getByRole('status')
        .filter({ hasText: 'Restored “Round 1 · First read-through”' })
        .waitFor();
      await expect
        .poll(async () => (await bobsAlert.locator('.text').textContent())?.trim(), { timeout: SYNC_TIMEOUT })
        .toBe(ALERT_TEXT);
      await history(alice.page)
        .getByRole('list', { name: 'Saved versions, newest first' })
        .getByRole('listitem')
        .filter({ hasText: 'Before restore of "First read-through"' })
        .waitFor();
      // The comparison with now, shown again, has nothing left to show.
      await diff.getByText('No differences').waitFor({ timeout: SYNC_TIMEOUT });

      // Fork round 1 into a new incident, which opens.
      await roundVersion.getByRole('button', { name: 'Fork…' }).click();
      const fork = alice.page.getByRole('dialog', { name: /^Fork “Round 1 · First read-through”/ });
      expect(await fork.getByLabel('Title of the new incident').inputValue()).toBe(`${TITLE} (fork)`);
      await fork.getByRole('button', { name: 'Create the new incident' }).click();
      await alice.page.waitForURL(
        (url) => /\/incidents\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.includes(incidentId),
      );
      await alice.page.getByRole('heading', { level: 1, name: `${TITLE} (fork)` }).waitFor();
      const forkedAlert = alice.page.getByRole('article', { name: /^Detection at 14:03 UTC — PagerDuty$/ });
      await forkedAlert.waitFor({ timeout: SYNC_TIMEOUT });
      expect((await forkedAlert.locator('.text').textContent())?.trim()).toBe(ALERT_TEXT);

      expect(pageErrors).toEqual([]);
    },
  );
});
