/**
 * Action items in two browsers: Alice (the incident's owner) proposes follow-up work to Bob (an editor), who
 * accepts or declines it from his own "Assigned to me" view while Alice watches the answer arrive. Bad input (a
 * `javascript:` tracker link, "not doing" without a reason) is refused with the reason on screen and nothing stored.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumSkipReason, launchChromium } from '../support/chromium.ts';
import { addMember, createIncident, startTestServer, type TestServer } from '../support/server.ts';
import { SCREENSHOT_DIR, SYNC_TIMEOUT, assertWebBuilt, openBrowser, sessionOf, signUp, type Person } from './people.ts';

const skipReason = chromiumSkipReason();

describe.skipIf(skipReason !== null)('action items proposed, accepted and declined', () => {
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

  async function openPerson(name: string): Promise<Person> {
    const person = await openBrowser(browser, name, { pageErrors, viewport: { width: 1440, height: 900 } });
    people.push(person);
    await signUp(person, server.url);
    return person;
  }

  const savedPill = (page: Page) => page.getByRole('status').filter({ hasText: /^\s*Saved\s*$/ });
  const actionsTab = (page: Page) => page.getByRole('tab', { name: /^Action items/ });
  const addForm = (page: Page) => page.getByRole('region', { name: 'Propose an action item' });
  const card = (page: Page, title: string) => page.getByRole('article', { name: `Action item: ${title}` });
  const statusBadge = (item: Locator) => item.locator('.badge.status');
  const assignedToMe = (page: Page) => page.getByRole('button', { name: /^Assigned to me \(\d+\)$/ });

  async function propose(page: Page, fields: { title: string; category: string; owner: string; due?: string }) {
    const form = addForm(page);
    await form.getByLabel('Title').fill(fields.title);
    await form.getByLabel('Category').selectOption(fields.category);
    await form.getByLabel('Owner').selectOption({ label: fields.owner });
    if (fields.due) await form.getByLabel('Due date').fill(fields.due);
    await form.getByRole('button', { name: 'Add', exact: true }).click();
    await card(page, fields.title).waitFor();
  }

  const ALERT = 'Alert on replication lag';
  const RUNBOOK = 'Rewrite the failover runbook';
  const REASON = "Covered by the platform team's work";

  it(
    'is proposed to Bob, who accepts one item and declines another with a reason, live in Alice’s view',
    { timeout: 150_000 },
    async () => {
      const alicePerson = await openPerson('Alice Owner');
      const bobPerson = await openPerson('Bob Editor');
      const alicesSession = await sessionOf(alicePerson);
      const incidentId = await createIncident(server, alicesSession, 'Replica lag took checkout down');
      await addMember(server, alicesSession, incidentId, bobPerson, 'editor');
      const alice = alicePerson.page;
      const bob = bobPerson.page;
      const incidentUrl = `${server.url}/incidents/${incidentId}`;

      // Alice puts one event on the timeline, the one the first action item will be about.
      await alice.goto(incidentUrl);
      await savedPill(alice).waitFor({ timeout: SYNC_TIMEOUT });
      const addEvent = alice.getByRole('region', { name: 'Add event' });
      await addEvent.getByLabel('Time', { exact: true }).fill('2025-03-04 14:03');
      await addEvent.getByLabel('Kind').selectOption('detection');
      await addEvent.getByLabel('Actor').fill('PagerDuty');
      await addEvent.getByLabel('What happened').fill('Replica lag on db-2 above 30 seconds');
      await addEvent.getByRole('button', { name: 'Add', exact: true }).click();
      await alice.getByRole('article', { name: /^Detection at 14:03 UTC — PagerDuty$/ }).waitFor();

      // Bob waits on his Action items tab: nothing yet, nothing for him.
      await bob.goto(`${incidentUrl}?tab=actions`);
      await savedPill(bob).waitFor({ timeout: SYNC_TIMEOUT });
      await bob.getByText('No action items yet.').waitFor({ timeout: SYNC_TIMEOUT });
      expect(await assignedToMe(bob).textContent()).toContain('Assigned to me (0)');

      // Alice proposes the first item. Without a category, nothing is added and the form says why.
      await actionsTab(alice).click();
      await addForm(alice).getByLabel('Title').fill(ALERT);
      await addForm(alice).getByRole('button', { name: 'Add', exact: true }).click();
      await addForm(alice).getByRole('alert').filter({ hasText: 'Choose a category.' }).waitFor();
      expect(await alice.getByRole('article').count()).toBe(0);
      await propose(alice, { title: ALERT, category: 'detect', owner: 'Bob Editor', due: '2031-04-30' });
      const alicesAlert = card(alice, ALERT);
      expect(await statusBadge(alicesAlert).textContent()).toBe('Proposed');
      await alicesAlert.getByText('Waiting for Bob Editor to accept').waitFor();
      await alicesAlert.getByText('Due 30 Apr 2031').waitFor();
      // Only Bob answers for Bob.
      expect(await alicesAlert.getByRole('button', { name: 'Accept' }).count()).toBe(0);
      expect(await alicesAlert.getByRole('button', { name: 'Decline' }).count()).toBe(0);

      // She links the event by searching for a word of it.
      await alicesAlert.getByRole('button', { name: 'Link an event' }).click();
      const picker = alice.getByRole('dialog', { name: 'Link an event' });
      await picker.getByRole('combobox').fill('replica lag');
      await picker.getByRole('option', { name: /Replica lag on db-2/ }).click();
      const alicesChips = alicesAlert.getByRole('list', { name: 'Linked events' });
      await alicesChips.getByRole('button', { name: /14:03 UTC\s*Replica lag on db-2/ }).waitFor();

      // Bob sees it arrive as his, waiting for his answer; his view of what is assigned to him has it.
      await expect.poll(() => assignedToMe(bob).textContent(), { timeout: SYNC_TIMEOUT }).toBe('Assigned to me (1)');
      await assignedToMe(bob).click();
      expect(await assignedToMe(bob).getAttribute('aria-pressed')).toBe('true');
      const bobsAlert = card(bob, ALERT);
      await bobsAlert.getByText('Proposed to you.').waitFor();
      await bobsAlert
        .getByRole('list', { name: 'Linked events' })
        .getByRole('button', { name: /14:03 UTC\s*Replica lag on db-2/ })
        .waitFor({ timeout: SYNC_TIMEOUT });
      expect(await bobsAlert.getByText('Waiting for').count()).toBe(0);
      await bobsAlert.getByRole('button', { name: 'Accept' }).click();

      // Alice sees the answer live; Bob has nothing left to answer.
      await expect.poll(() => statusBadge(alicesAlert).textContent(), { timeout: SYNC_TIMEOUT }).toBe('Accepted');
      expect(await alicesAlert.getByText('Waiting for Bob Editor to accept').count()).toBe(0);
      await expect.poll(() => assignedToMe(bob).textContent()).toBe('Assigned to me (0)');
      expect(await bobsAlert.getByRole('button', { name: 'Accept' }).count()).toBe(0);

      // The second item, proposed to Bob too; he declines it, and a decline needs a reason.
      await propose(alice, { title: RUNBOOK, category: 'process', owner: 'Bob Editor' });
      const bobsRunbook = card(bob, RUNBOOK);
      await bobsRunbook.waitFor({ timeout: SYNC_TIMEOUT });
      await expect.poll(() => assignedToMe(bob).textContent()).toBe('Assigned to me (1)');
      await bob.screenshot({ path: `${SCREENSHOT_DIR}/parallax-action-items-bob.png` });
      await bobsRunbook.getByRole('button', { name: 'Decline' }).click();
      const declineReason = bobsRunbook.getByLabel(/Why are you declining\?/);
      expect(await declineReason.evaluate((input) => input === document.activeElement)).toBe(true);
      await bobsRunbook.getByRole('button', { name: 'Decline' }).click();
      await bobsRunbook
        .getByRole('alert')
        .filter({ hasText: 'Say why when an action item is not being done' })
        .waitFor();
      const alicesRunbook = card(alice, RUNBOOK);
      expect(await statusBadge(alicesRunbook).textContent()).toBe('Proposed');
      await declineReason.fill(REASON);
      await bobsRunbook.getByRole('button', { name: 'Decline' }).click();
      await expect.poll(() => statusBadge(bobsRunbook).textContent()).toBe('Not doing');

      // Alice sees "Not doing" with Bob's reason.
      await expect.poll(() => statusBadge(alicesRunbook).textContent(), { timeout: SYNC_TIMEOUT }).toBe('Not doing');
      await expect
        .poll(() => alicesRunbook.getByLabel('Not doing, because').inputValue(), { timeout: SYNC_TIMEOUT })
        .toBe(REASON);
      await expect.poll(() => assignedToMe(bob).textContent()).toBe('Assigned to me (0)');

      // A javascript: tracker link is refused where it was typed, and never reaches Bob.
      const tracker = alicesAlert.getByLabel('Tracker link');
      await tracker.fill('javascript:alert(1)');
      await tracker.press('Enter');
      await alicesAlert
        .getByRole('alert')
        .filter({ hasText: /^Not saved: .*http\(s\)/ })
        .waitFor();
      expect(await tracker.getAttribute('aria-invalid')).toBe('true');
      await tracker.fill('https://tracker.example/OPS-42');
      await tracker.press('Enter');
      expect(await alicesAlert.getByRole('alert').count()).toBe(0);
      const bobsLink = bobsAlert.getByRole('link', { name: 'Open in tracker' });
      await bobsLink.waitFor({ timeout: SYNC_TIMEOUT });
      expect(await bobsLink.getAttribute('href')).toBe('https://tracker.example/OPS-42');
      expect(await bobsAlert.getByLabel('Tracker link').inputValue()).toBe('https://tracker.example/OPS-42');

      // "Not doing" from the status list asks for the reason first; an empty one is refused and nothing changes.
      await alicesAlert.getByLabel('Status', { exact: true }).selectOption('not-doing');
      const notDoing = alicesAlert.getByLabel('Why is this not being done?');
      expect(await notDoing.evaluate((input) => input === document.activeElement)).toBe(true);
      await alicesAlert.getByRole('button', { name: 'Mark as not doing' }).click();
      await alicesAlert
        .getByRole('alert')
        .filter({ hasText: 'Say why when an action item is not being done' })
        .waitFor();
      await alicesAlert.getByRole('button', { name: 'Cancel' }).click();
      expect(await alicesAlert.getByLabel('Status', { exact: true }).inputValue()).toBe('accepted');
      await savedPill(alice).waitFor({ timeout: SYNC_TIMEOUT });
      expect(await statusBadge(bobsAlert).textContent()).toBe('Accepted');

      // Filters: only what is not being done, then everything again; open work sorts first.
      await alice.getByRole('group', { name: 'Filter action items' }).getByLabel('Status').selectOption('not-doing');
      await expect.poll(() => alice.getByRole('article').count()).toBe(1);
      await card(alice, RUNBOOK).waitFor();
      await alice.getByRole('button', { name: 'Clear filters' }).click();
      const order = await alice
        .getByRole('list', { name: 'Action items' })
        .getByRole('article')
        .evaluateAll((articles) => articles.map((article) => article.getAttribute('aria-label')));
      expect(order).toEqual([`Action item: ${ALERT}`, `Action item: ${RUNBOOK}`]);

      await savedPill(alice).waitFor({ timeout: SYNC_TIMEOUT });
      await alice.screenshot({ path: `${SCREENSHOT_DIR}/parallax-action-items.png` });
      await alice.screenshot({ path: `${SCREENSHOT_DIR}/parallax-action-items-full.png`, fullPage: true });

      // The linked event leads to the timeline, on that event.
      await bobsAlert
        .getByRole('list', { name: 'Linked events' })
        .getByRole('button', { name: /^14:03 UTC/ })
        .click();
      await expect.poll(() => bob.getByRole('tab', { name: /^Timeline/ }).getAttribute('aria-selected')).toBe('true');
      await bob.getByRole('article', { name: /^Detection at 14:03 UTC — PagerDuty$/ }).waitFor();

      // A viewer reads all of it, answers and reasons included, with nothing that edits.
      const carolPerson = await openPerson('Carol Viewer');
      await addMember(server, alicesSession, incidentId, carolPerson, 'viewer');
      const carol = carolPerson.page;
      await carol.emulateMedia({ colorScheme: 'dark' });
      await carol.goto(`${incidentUrl}?tab=actions`);
      const carolsRunbook = card(carol, RUNBOOK);
      await carolsRunbook.waitFor({ timeout: SYNC_TIMEOUT });
      await carolsRunbook.getByText(`Not doing: ${REASON}`).waitFor();
      expect(await statusBadge(card(carol, ALERT)).textContent()).toBe('Accepted');
      await card(carol, ALERT).getByRole('link', { name: 'https://tracker.example/OPS-42' }).waitFor();
      expect(await addForm(carol).count()).toBe(0);
      expect(await carol.getByRole('list', { name: 'Action items' }).getByRole('combobox').count()).toBe(0);
      expect(
        await carol
          .getByRole('list', { name: 'Action items' })
          .getByRole('button', { name: /Delete|Accept|Decline|Link/ })
          .count(),
      ).toBe(0);
      await carol.screenshot({ path: `${SCREENSHOT_DIR}/parallax-action-items-viewer-dark.png` });

      expect(pageErrors).toEqual([]);
    },
  );
});
