/**
 * Blameless-language hints in Chromium: a counterfactual typed into an event's text is underlined where it is
 * written (and a proposal with the same word is not), hovering it explains why and suggests a question, the line
 * under the editor says the same for keyboard and screen-reader users, and the Language hints panel counts it and
 * leads back to the event. A second person, a viewer, gets the same count live.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumSkipReason, launchChromium } from '../support/chromium.ts';
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

const SENTENCE = 'The on-call engineer should have noticed the alert. We should add an alert for replication lag.';
const QUESTION = 'What made the action they took make sense at the time?';

describe.skipIf(skipReason !== null)('blameless-language hints', () => {
  let server: TestServer;
  let browser: Browser;
  const people: Person[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    assertWebBuilt();
    server = await startTestServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(people.map((person) => person.context.close()));
    await browser?.close();
    await server?.close();
  });

  const savedPill = (page: Page) => page.getByRole('status').filter({ hasText: /^\s*Saved\s*$/ });
  const editor = (scope: Locator | Page) => scope.getByRole('textbox', { name: 'Event text' });
  const toggle = (page: Page) => page.getByRole('button', { name: /^Language hints/ });
  const panel = (page: Page) => page.getByRole('complementary', { name: 'Language hints' });

  it(
    'marks a counterfactual where it is typed, explains it, and counts it in the panel',
    { timeout: 120_000 },
    async () => {
      const alice = await openBrowser(browser, 'Alice Facilitator', {
        pageErrors,
        viewport: { width: 1440, height: 900 },
      });
      const bob = await openBrowser(browser, 'Bob Reader', { pageErrors, viewport: { width: 1280, height: 900 } });
      people.push(alice, bob);
      await signUp(alice, server.url);
      await signUp(bob, server.url);
      const session = await sessionOf(alice);
      const incidentId = await createIncident(server, session, 'Replica lag during the failover');
      await addMember(server, session, incidentId, bob, 'viewer');

      const page = alice.page;
      await page.goto(`${server.url}/incidents/${incidentId}`);
      await savedPill(page).waitFor({ timeout: SYNC_TIMEOUT });
      await expect.poll(() => toggle(page).textContent()).toMatch(/Language hints\s*0/);

      const form = page.getByRole('region', { name: 'Add event' });
      await form.getByLabel('Time', { exact: true }).fill('2025-03-04 14:02:00');
      await form.getByLabel('Actor').fill('Replica monitor');
      await form.getByLabel('What happened').fill('Replication lag alert fired');
      await form.getByRole('button', { name: 'Add', exact: true }).click();
      const card = page.getByRole('article', { name: /at 14:02:00 UTC — Replica monitor$/ });
      await card.waitFor({ timeout: SYNC_TIMEOUT });
      const eventId = await card.getAttribute('data-event-id');

      // Typed into the collaborative editor, replacing the text.
      await card.getByRole('button', { name: 'Edit' }).click();
      const text = editor(card);
      await text.waitFor();
      await text.press('Control+a');
      await page.keyboard.type(SENTENCE, { delay: 5 });
      await expect.poll(() => editorText(text)).toBe(SENTENCE);

      // Exactly one mark, on the counterfactual; the proposal ("We should add an alert") stays unmarked.
      const marks = text.locator('.cm-blameless-hint');
      await expect.poll(() => marks.count()).toBe(1);
      expect(await marks.first().textContent()).toBe('should have');
      expect(await marks.first().getAttribute('data-category')).toBe('counterfactual');

      // The line under the editor sums it up, and is the text box's description.
      const describedBy = await text.getAttribute('aria-describedby');
      expect(describedBy).toBeTruthy();
      const summary = page.locator(`[id="${describedBy}"]`);
      await expect.poll(() => summary.textContent()).toContain('1 language hint: “should have” (counterfactual)');
      expect(await summary.isVisible()).toBe(true);

      // The caret moved into the phrase (the keyboard's hover) shows the note and the question there.
      await text.press('Control+Home');
      for (let step = 0; step < 'The on-call engineer sh'.length; step++) await text.press('ArrowRight');
      await expect.poll(() => summary.textContent()).toContain(`Try asking: ${QUESTION}`);
      expect(await summary.textContent()).toContain('Counterfactual');

      // The panel: one hint, on this event, with its context, note and question.
      await expect.poll(() => toggle(page).textContent(), { timeout: SYNC_TIMEOUT }).toMatch(/Language hints\s*1/);
      await toggle(page).click();
      expect(await toggle(page).getAttribute('aria-expanded')).toBe('true');
      const hints = panel(page);
      await hints.waitFor();
      expect(await hints.getByText('1 language hint', { exact: true }).isVisible()).toBe(true);
      const entries = hints.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3 }) });
      expect(await entries.count()).toBe(1);
      const entry = entries.first();
      expect(await entry.getByRole('heading', { level: 3 }).textContent()).toBe(
        'Event at 14:02:00 UTC — Replica monitor',
      );
      expect(await entry.locator('mark').textContent()).toBe('should have');
      expect(await entry.textContent()).toContain(`Try asking: ${QUESTION}`);
      expect(await entry.textContent()).toContain('The on-call engineer should have noticed the alert.');

      // Hovering the mark shows the tooltip with the note and the question.
      await marks.first().hover();
      const tooltip = page.locator('.cm-tooltip-hover .cm-blameless-tooltip');
      await tooltip.waitFor();
      expect(await tooltip.textContent()).toContain(`Try asking: ${QUESTION}`);
      expect(await tooltip.textContent()).toContain('Counterfactual');
      await page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-hints.png` });
      await page.emulateMedia({ colorScheme: 'dark' });
      // Buttons fade between colours; the screenshot waits for the dark ones.
      await expect.poll(() => page.evaluate(() => document.getAnimations().length)).toBe(0);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-hints-dark.png` });
      await page.emulateMedia({ colorScheme: 'light' });

      // The viewer's count follows as the text syncs.
      await bob.page.goto(`${server.url}/incidents/${incidentId}`);
      await expect.poll(() => toggle(bob.page).textContent(), { timeout: SYNC_TIMEOUT }).toMatch(/Language hints\s*1/);

      // "Show event" leads back to the event, focused, from the panel.
      await card.getByRole('button', { name: 'Done' }).click();
      await page.getByRole('tab', { name: /^Questions/ }).click();
      await entry.getByRole('button', { name: /^Show event/ }).click();
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-event-id') ?? null))
        .toBe(eventId);
      expect(await page.getByRole('tab', { name: /^Timeline/ }).getAttribute('aria-selected')).toBe('true');

      // Rewording the sentence clears the hint everywhere.
      await card.getByRole('button', { name: 'Edit' }).click();
      await editor(card).press('Control+a');
      await page.keyboard.type('The alert went to a channel the on-call was not watching.', { delay: 2 });
      await expect.poll(() => toggle(page).textContent()).toMatch(/Language hints\s*0/);
      expect(await editor(card).locator('.cm-blameless-hint').count()).toBe(0);
      await hints.getByText('No hints right now.', { exact: false }).waitFor();

      // Closing the panel returns focus to its toggle.
      await hints.getByRole('button', { name: 'Close language hints' }).click();
      await hints.waitFor({ state: 'detached' });
      expect(await toggle(page).evaluate((button) => button === document.activeElement)).toBe(true);

      expect(pageErrors).toEqual([]);
    },
  );
});
