/**
 * The analysis in prose, in two browsers: the narrative started from the review questions and written together,
 * with references to events shown as chips that open the event on the timeline, and the "Factors & learnings"
 * lists, whose items link to events. Events are seeded through a sync client, as another tool would write them.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { REVIEW_QUESTIONS, addEvent, deleteEvent, narrativeText, type CommandContext } from '@parallax/model';
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
const VIEWPORT = { width: 1440, height: 900 };

describe.skipIf(skipReason !== null)('narrative and factors in two browsers', () => {
  let server: TestServer;
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  let incidentId: string;
  const ids: Record<'alert' | 'lag' | 'failover' | 'status', string> = { alert: '', lag: '', failover: '', status: '' };
  const pageErrors: string[] = [];

  /** Writes to the incident as a third client would (the seed, a deletion by someone else). */
  async function asClient<T>(change: (doc: Y.Doc, ctx: CommandContext) => T): Promise<T> {
    const client = connectClient(server.url, incidentId, await sessionOf(alice));
    await client.synced();
    const result = change(client.doc, { userId: 'e2e-seed' });
    await client.saved();
    client.destroy();
    return result;
  }

  /** The narrative's Markdown source as any other client reads it. */
  async function readNarrative(): Promise<string> {
    const client = connectClient(server.url, incidentId, await sessionOf(bob));
    await client.synced();
    const text = narrativeText(client.doc).toString();
    client.destroy();
    return text;
  }

  // Two sign-ups (argon2), a browser and a seed: on a busy two-core machine the default minute is not always enough.
  beforeAll(async () => {
    assertWebBuilt();
    server = await startTestServer();
    browser = await launchChromium();
    alice = await openBrowser(browser, 'Alice Facilitator', { pageErrors, viewport: VIEWPORT });
    bob = await openBrowser(browser, 'Bob Responder', { pageErrors, viewport: VIEWPORT });
    await signUp(alice, server.url);
    await signUp(bob, server.url);
    const session = await sessionOf(alice);
    incidentId = await createIncident(server, session, 'Checkout errors after the 14:00 deploy');
    await addMember(server, session, incidentId, bob, 'editor');
    await asClient((doc, ctx) => {
      const at = (time: string) => `2025-03-04T${time}.000Z`;
      ids.alert = addEvent(
        doc,
        {
          occurredAt: at('14:03:27'),
          precision: 'exact',
          kind: 'detection',
          actor: 'PagerDuty',
          source: 'alert',
          text: 'Checkout error rate above 5% for three minutes in the EU region',
        },
        ctx,
      );
      ids.lag = addEvent(
        doc,
        {
          occurredAt: at('14:12:00'),
          kind: 'diagnosis',
          actor: 'Priya',
          text: 'Replica lag on db-2 passes thirty seconds while writes continue',
        },
        ctx,
      );
      ids.failover = addEvent(
        doc,
        { occurredAt: at('14:31:00'), kind: 'repair', actor: 'Priya', text: 'Failed checkout over to db-3' },
        ctx,
      );
      ids.status = addEvent(
        doc,
        { occurredAt: at('14:40:00'), kind: 'communication', actor: 'Jonas', text: 'Status page updated' },
        ctx,
      );
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([alice, bob].map((person) => person?.context.close()));
    await browser?.close();
    await server?.close();
  });

  const narrative = (page: Page) => page.getByRole('textbox', { name: 'Narrative' });
  const chip = (scope: Locator, time: string) => scope.locator('.cm-event-ref', { hasText: time });
  const referenced = (page: Page) => page.getByRole('complementary', { name: 'Referenced events' });

  async function open(page: Page, tab: string) {
    await page.goto(`${server.url}/incidents/${incidentId}?tab=${tab}`);
    await page
      .getByRole('status')
      .filter({ hasText: /^\s*Saved\s*$/ })
      .waitFor({ timeout: SYNC_TIMEOUT });
  }

  async function pick(page: Page, button: Locator, search: string) {
    await button.click();
    const dialog = page.getByRole('dialog', { name: (await button.textContent())?.trim() ?? '' });
    const box = dialog.getByRole('combobox');
    await box.fill(search);
    await expect.poll(() => dialog.getByRole('option').count()).toBe(1);
    await box.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
  }

  it(
    'starts the narrative from the review questions and refers to events that open on the timeline',
    { timeout: 120_000 },
    async () => {
      await open(alice.page, 'narrative');
      await open(bob.page, 'narrative');
      const a = alice.page;
      const b = bob.page;

      // Empty: both are offered the outline; Alice takes it and Bob sees the headings arrive.
      await b.getByRole('button', { name: 'Start from the review questions' }).waitFor();
      await a.getByRole('button', { name: 'Start from the review questions' }).click();
      for (const { question } of REVIEW_QUESTIONS) {
        await expect.poll(() => editorText(narrative(b)), { timeout: SYNC_TIMEOUT }).toContain(`## ${question}`);
      }
      await b.getByRole('button', { name: 'Start from the review questions' }).waitFor({ state: 'hidden' });
      // The caret waits under the first question, where the story starts.
      await a.keyboard.press('Enter');
      await a.keyboard.type('The first page came at');
      expect(await editorText(narrative(a))).toMatch(
        /^## How could we have detected it sooner\?\n\n_[^\n]+_\nThe first page came at\n\n## How could we have diagnosed/,
      );

      // She inserts a reference through the picker: found by words, chosen with the keyboard, put at her caret.
      await pick(a, a.getByRole('button', { name: 'Insert event reference' }), 'checkout pagerduty');
      await a.keyboard.type(', and the lag was found at');
      await a.getByRole('button', { name: 'Insert event reference' }).click();
      await a.getByRole('dialog', { name: 'Insert event reference' }).getByRole('combobox').press('ArrowDown');
      await a.screenshot({ path: `${SCREENSHOT_DIR}/parallax-narrative-picker.png` });
      await a.getByRole('dialog', { name: 'Insert event reference' }).getByRole('combobox').press('Escape');
      await pick(a, a.getByRole('button', { name: 'Insert event reference' }), '14:12');
      // The shared text itself holds tokens (what any other client or the export reads); Bob shows them as chips too.
      await expect
        .poll(readNarrative, { timeout: SYNC_TIMEOUT })
        .toContain(`The first page came at [[event:${ids.alert}]], and the lag was found at [[event:${ids.lag}]]\n`);
      for (const page of [a, b]) {
        await chip(narrative(page), '14:03:27 UTC').waitFor({ timeout: SYNC_TIMEOUT });
        await chip(narrative(page), '14:12 UTC').waitFor({ timeout: SYNC_TIMEOUT });
      }
      expect(await chip(narrative(b), '14:03:27 UTC').getAttribute('data-event-id')).toBe(ids.alert);
      await expect
        .poll(() => referenced(b).getByRole('listitem').allTextContents())
        .toEqual([
          expect.stringMatching(/^\s*14:03:27 UTC\s+Checkout error/),
          expect.stringMatching(/^\s*14:12 UTC\s+Replica lag/),
        ]);

      // The caret steps over a chip in one press, and Backspace removes the whole reference.
      await a.keyboard.type(' ');
      await a.keyboard.press('Backspace');
      await a.keyboard.press('Backspace');
      await expect.poll(() => chip(narrative(a), '14:12 UTC').count()).toBe(0);
      await expect.poll(() => chip(narrative(b), '14:12 UTC').count(), { timeout: SYNC_TIMEOUT }).toBe(0);
      await a.keyboard.press('Control+z');
      await chip(narrative(b), '14:12 UTC').waitFor({ timeout: SYNC_TIMEOUT });

      // Someone deletes a referenced event elsewhere: the chip says so, and the list counts it apart.
      await asClient((doc, ctx) => deleteEvent(doc, ids.lag, ctx));
      await narrative(b)
        .locator('.cm-event-ref-deleted', { hasText: 'deleted event' })
        .waitFor({ timeout: SYNC_TIMEOUT });
      await referenced(b).getByText('1 reference is to an event deleted from the timeline.').waitFor();
      await a.keyboard.type(' ');
      await a.screenshot({ path: `${SCREENSHOT_DIR}/parallax-narrative.png` });

      // Bob clicks the chip: the timeline opens with that event focused.
      await chip(narrative(b), '14:03:27 UTC').click();
      await b.getByRole('tab', { name: 'Timeline', selected: true }).waitFor();
      await expect
        .poll(() => b.evaluate(() => document.activeElement?.closest('[data-event-id]')?.getAttribute('data-event-id')))
        .toBe(ids.alert);
      expect(new URL(b.url()).searchParams.get('tab')).toBeNull();
      expect(pageErrors).toEqual([]);
    },
  );

  it('adds factors linked to events, seen live by the other person', { timeout: 120_000 }, async () => {
    const a = alice.page;
    const b = bob.page;
    await open(a, 'analysis');
    await b.getByRole('tab', { name: /^Factors & learnings/ }).click();
    await b.getByRole('heading', { name: 'Factors & learnings' }).waitFor();

    // Bob adds a contributing factor and links it to the alert through the picker.
    const section = (page: Page, name: string) => page.getByRole('region', { name });
    await section(b, 'Contributing factors')
      .getByLabel('New contributing factor')
      .fill('Replica lag was invisible on the checkout dashboard');
    await section(b, 'Contributing factors').getByRole('button', { name: 'Add', exact: true }).click();
    const bobsFactor = section(b, 'Contributing factors').getByRole('article', {
      name: 'Replica lag was invisible on the checkout dashboard',
    });
    await pick(b, bobsFactor.getByRole('button', { name: 'Link event' }), 'failed over');
    await bobsFactor.getByRole('button', { name: /^Event .*14:31 UTC/ }).waitFor();
    await bobsFactor.getByRole('textbox', { name: /^Description of/ }).click();
    await b.keyboard.type('The dashboard showed only the primary; the lag was on a replica nobody watched.');

    // Alice sees the factor with its linked event, and his description as he types it.
    const alicesFactor = section(a, 'Contributing factors').getByRole('article', {
      name: 'Replica lag was invisible on the checkout dashboard',
    });
    await alicesFactor.waitFor({ timeout: SYNC_TIMEOUT });
    await alicesFactor.getByRole('button', { name: /^Event .*14:31 UTC.*Failed checkout over to db-3/ }).waitFor({
      timeout: SYNC_TIMEOUT,
    });
    await expect
      .poll(() => editorText(alicesFactor.getByRole('textbox', { name: /^Description of/ })), { timeout: SYNC_TIMEOUT })
      .toBe('The dashboard showed only the primary; the lag was on a replica nobody watched.');

    // She adds what went well, renames Bob's factor, and links another event; Bob's view follows.
    await section(a, 'What went well').getByLabel('New thing that went well').fill('Priya knew the failover runbook');
    await section(a, 'What went well').getByLabel('New thing that went well').press('Enter');
    const wentWell = section(b, 'What went well').getByRole('article', { name: 'Priya knew the failover runbook' });
    await wentWell.waitFor({ timeout: SYNC_TIMEOUT });
    await pick(
      a,
      section(a, 'What went well').getByRole('article').getByRole('button', { name: 'Link event' }),
      'status page',
    );
    await wentWell.getByRole('button', { name: /^Event .*14:40 UTC/ }).waitFor({ timeout: SYNC_TIMEOUT });
    const title = alicesFactor.getByLabel('Title of this contributing factor');
    await title.fill('Replica lag was not on the checkout dashboard');
    await title.press('Enter');
    await section(b, 'Contributing factors')
      .getByRole('article', { name: 'Replica lag was not on the checkout dashboard' })
      .waitFor({ timeout: SYNC_TIMEOUT });
    await section(a, 'Where we got lucky').getByLabel('New lucky break').fill('It started outside peak hours');
    await section(a, 'Where we got lucky').getByRole('button', { name: 'Add', exact: true }).click();
    await section(a, 'Where we got lucky').getByRole('article').waitFor();
    await a.screenshot({ path: `${SCREENSHOT_DIR}/parallax-factors.png` });
    await a.emulateMedia({ colorScheme: 'dark' });
    await a.screenshot({ path: `${SCREENSHOT_DIR}/parallax-factors-dark.png` });
    await a.emulateMedia({ colorScheme: 'light' });

    // A chip opens its event on the timeline.
    await wentWell.getByRole('button', { name: /^Event .*14:40 UTC/ }).click();
    await expect
      .poll(() => b.evaluate(() => document.activeElement?.closest('[data-event-id]')?.getAttribute('data-event-id')))
      .toBe(ids.status);
    expect(pageErrors).toEqual([]);
  });
});
