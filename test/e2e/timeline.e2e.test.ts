/**
 * Two people, two browsers, one incident: the path from the SvelteKit app through the y-websocket provider, the
 * sync server and the store, and back out to the other browser. Both sign up first and the incident is shared
 * with the second; access itself is tested in access.e2e.test.ts. Needs the web build (apps/web/build), which the
 * test command makes first, and Debian's Chromium. The browsers run in UTC (people.ts), so "my zone" is UTC here;
 * zones.e2e.test.ts covers the others.
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

describe.skipIf(skipReason !== null)('live timeline in two browsers', () => {
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

  /** A separate browser context per person, signed up: no shared storage or cookies between them. */
  async function openPerson(name: string): Promise<Person> {
    const person = await openBrowser(browser, name, { pageErrors });
    people.push(person);
    await signUp(person, server.url);
    return person;
  }

  const savedPill = (page: Page) => page.getByRole('status').filter({ hasText: /^\s*Saved\s*$/ });
  const editor = (scope: Locator | Page) => scope.getByRole('textbox', { name: 'Event text' });
  const closedText = (event: Locator) => event.locator('.text');

  async function quickAdd(page: Page, fields: { time: string; kind?: string; actor?: string; text?: string }) {
    const form = page.getByRole('region', { name: 'Add event' });
    await form.getByLabel('Time', { exact: true }).fill(fields.time);
    if (fields.kind) await form.getByLabel('Kind').selectOption(fields.kind);
    await form.getByLabel('Actor').fill(fields.actor ?? '');
    await form.getByLabel('What happened').fill(fields.text ?? '');
    await form.getByRole('button', { name: 'Add', exact: true }).click();
  }

  it(
    'two people type into one event at once, see each other, and undo only their own edits',
    { timeout: 120_000 },
    async () => {
      const alicePerson = await openPerson('Alice Responder');
      const bobPerson = await openPerson('Bob Analyst');
      const alice = alicePerson.page;
      const bob = bobPerson.page;

      // Alice creates the incident from the list page and lands on its timeline.
      await alice.getByLabel('Incident title').fill('Checkout errors after the 14:00 deploy');
      await alice.getByRole('button', { name: 'Create incident' }).click();
      await alice.waitForURL(/\/incidents\/[0-9a-f-]{36}$/);
      await alice.getByRole('heading', { level: 1, name: 'Checkout errors after the 14:00 deploy' }).waitFor();
      await savedPill(alice).waitFor({ timeout: SYNC_TIMEOUT });

      // She shares it with Bob, by the email address he signed up with, as an editor.
      await alice.getByRole('button', { name: 'Share' }).click();
      const share = alice.getByRole('dialog', { name: 'Share this incident' });
      await share.getByLabel('Add a person by email').fill(bobPerson.email);
      await share.getByLabel('Role', { exact: true }).selectOption('editor');
      await share.getByRole('button', { name: 'Add', exact: true }).click();
      await share.getByRole('listitem').filter({ hasText: bobPerson.email }).waitFor();
      await alice.keyboard.press('Escape');
      await share.waitFor({ state: 'hidden' });

      // Bob follows the link (a deep link, served by the SPA fallback).
      await bob.goto(alice.url());
      await bob.getByRole('heading', { level: 1, name: 'Checkout errors after the 14:00 deploy' }).waitFor();
      await savedPill(bob).waitFor({ timeout: SYNC_TIMEOUT });
      await bob.getByText('No events yet.').waitFor();

      // Each sees the other as here now.
      await alice.getByRole('button', { name: /^Follow Bob Analyst/ }).waitFor({ timeout: SYNC_TIMEOUT });
      await bob.getByRole('button', { name: /^Follow Alice Responder/ }).waitFor({ timeout: SYNC_TIMEOUT });

      // Alice adds an event with the quick-add line ("n" jumps there); it appears in Bob's timeline.
      await alice.locator('body').press('n');
      expect(
        await alice
          .getByRole('region', { name: 'Add event' })
          .getByLabel('Time', { exact: true })
          .evaluate((input) => input === document.activeElement),
      ).toBe(true);
      await quickAdd(alice, {
        time: '2025-03-04 14:03:27',
        kind: 'detection',
        actor: 'PagerDuty',
        text: 'Checkout error rate above 5%',
      });
      const eventName = /^Detection at 14:03:27 UTC — PagerDuty$/;
      const bobsEvent = bob.getByRole('article', { name: eventName });
      await bobsEvent.waitFor({ timeout: SYNC_TIMEOUT });
      await expect.poll(() => closedText(bobsEvent).textContent()).toContain('Checkout error rate above 5%');
      // From here on by id: the name follows the kind, which Bob changes below.
      const eventId = await bobsEvent.getAttribute('data-event-id');
      const byId = (page: Page) => page.locator(`article[data-event-id="${eventId}"]`);
      const alicesEvent = byId(alice);

      // Both open the event; each sees the other's avatar on it.
      await alicesEvent.getByRole('button', { name: 'Edit' }).click();
      await byId(bob).getByRole('button', { name: 'Edit' }).click();
      await alicesEvent.getByLabel('Editing now: Bob Analyst').waitFor({ timeout: SYNC_TIMEOUT });
      await byId(bob).getByLabel('Editing now: Alice Responder').waitFor({ timeout: SYNC_TIMEOUT });

      // They type at opposite ends at the same time: neither loses a character, and the other's typing does not
      // drag the local caret (which would scramble the letters).
      await editor(alicesEvent).press('Control+Home');
      await editor(byId(bob)).press('Control+End');
      await Promise.all([
        alice.keyboard.type('Alice: ', { delay: 25 }),
        bob.keyboard.type(' (Bob: from the EU region)', { delay: 20 }),
      ]);
      const merged = 'Alice: Checkout error rate above 5% (Bob: from the EU region)';
      await expect.poll(() => editorText(editor(alicesEvent)), { timeout: SYNC_TIMEOUT }).toBe(merged);
      await expect.poll(() => editorText(editor(byId(bob))), { timeout: SYNC_TIMEOUT }).toBe(merged);

      // Each sees the other's caret, labelled with their name, in their colour.
      await alicesEvent.locator('.cm-ySelectionInfo', { hasText: 'Bob Analyst' }).waitFor({ timeout: SYNC_TIMEOUT });
      await byId(bob).locator('.cm-ySelectionInfo', { hasText: 'Alice Responder' }).waitFor({ timeout: SYNC_TIMEOUT });
      await alice.screenshot({ path: `${SCREENSHOT_DIR}/parallax-two-typists.png` });

      // Bob changes the kind and adds a tag; Alice's card follows.
      await byId(bob).getByLabel('Kind').selectOption('key-moment');
      await byId(bob).getByLabel('Add a tag').fill('checkout');
      await byId(bob).getByLabel('Add a tag').press('Enter');
      const keyMoment = alice.getByRole('article', { name: /^Key moment at 14:03:27 UTC — PagerDuty$/ });
      await keyMoment.waitFor({ timeout: SYNC_TIMEOUT });
      await keyMoment.getByRole('list', { name: 'Tags' }).getByText('#checkout').waitFor({ timeout: SYNC_TIMEOUT });

      // Escape leaves the editor and puts focus back on the card.
      await editor(keyMoment).press('Escape');
      await expect.poll(() => keyMoment.evaluate((card) => card === document.activeElement)).toBe(true);
      const bobsKeyMoment = bob.getByRole('article', { name: /^Key moment at 14:03:27 UTC — PagerDuty$/ });
      await editor(bobsKeyMoment).press('Escape');

      // Bob adds an earlier event after Alice's: both timelines order by time, not by insertion, with the gap.
      await quickAdd(bob, {
        time: '2025-03-04 13:58',
        kind: 'action',
        actor: 'deploy-bot',
        text: 'Deploy 4812 of checkout-api rolled out to 100%',
      });
      const earlierName = /^Action at 13:58 UTC — deploy-bot$/;
      await alice.getByRole('article', { name: earlierName }).waitFor({ timeout: SYNC_TIMEOUT });
      const order = await alice
        .getByRole('feed', { name: 'Events by time' })
        .getByRole('article')
        .evaluateAll((articles) => articles.map((article) => article.querySelector('h3')?.textContent));
      expect(order).toEqual(['Action at 13:58 UTC — deploy-bot', 'Key moment at 14:03:27 UTC — PagerDuty']);
      await alice.getByText('+5 min', { exact: true }).waitFor();
      await savedPill(alice).waitFor({ timeout: SYNC_TIMEOUT });
      await savedPill(bob).waitFor({ timeout: SYNC_TIMEOUT });
      await alice.screenshot({ path: `${SCREENSHOT_DIR}/parallax-alice.png`, fullPage: true });

      // Alice deletes the deploy event; it leaves Bob's timeline; "Undo" on the toast brings it back for both.
      const aliceDeploy = alice.getByRole('article', { name: earlierName });
      await aliceDeploy.getByRole('button', { name: 'Edit' }).click();
      await aliceDeploy.getByRole('button', { name: 'Delete event' }).click();
      const toast = alice.getByRole('status').filter({ hasText: 'Deleted the event at 13:58 UTC (deploy-bot).' });
      await toast.waitFor();
      await bob.getByRole('article', { name: earlierName }).waitFor({ state: 'detached', timeout: SYNC_TIMEOUT });
      await toast.getByRole('button', { name: 'Undo' }).click();
      const restored = bob.getByRole('article', { name: earlierName });
      await restored.waitFor({ timeout: SYNC_TIMEOUT });
      expect(await closedText(restored).textContent()).toContain('Deploy 4812 of checkout-api rolled out to 100%');

      // Ctrl+Z outside a text field undoes Alice's own typing, and only hers; Ctrl+Shift+Z redoes it.
      await alice.getByRole('heading', { level: 1 }).click();
      await alice.keyboard.press('Control+z');
      const bobsWords = 'Checkout error rate above 5% (Bob: from the EU region)';
      const bobsCard = bob.getByRole('article', { name: /^Key moment at 14:03:27 UTC/ });
      await expect.poll(() => closedText(bobsCard).textContent(), { timeout: SYNC_TIMEOUT }).toContain(bobsWords);
      expect((await closedText(bobsCard).textContent())?.trim()).toBe(bobsWords);
      await alice.keyboard.press('Control+Shift+z');
      await expect
        .poll(async () => (await closedText(bobsCard).textContent())?.trim(), { timeout: SYNC_TIMEOUT })
        .toBe(merged);

      // What the server said was saved is there after a reload.
      await savedPill(alice).waitFor({ timeout: SYNC_TIMEOUT });
      await alice.reload();
      const reloaded = alice.getByRole('article', { name: /^Key moment at 14:03:27 UTC — PagerDuty$/ });
      await reloaded.waitFor({ timeout: SYNC_TIMEOUT });
      expect((await closedText(reloaded).textContent())?.trim()).toBe(merged);
      expect(await alice.getByRole('article').count()).toBe(2);

      // And the incident is listed.
      await alice.goto(server.url);
      await alice.getByRole('link', { name: 'Checkout errors after the 14:00 deploy' }).waitFor();
      await alice.screenshot({ path: `${SCREENSHOT_DIR}/parallax-list.png`, fullPage: true });

      expect(pageErrors).toEqual([]);
    },
  );

  it('keeps edits made offline through a reload, and delivers them on reconnect', { timeout: 90_000 }, async () => {
    const alicePerson = await openPerson('Alice Offline');
    const bobPerson = await openPerson('Bob Online');
    const alicesSession = await sessionOf(alicePerson);
    const incidentId = await createIncident(server, alicesSession, 'Offline edits');
    await addMember(server, alicesSession, incidentId, bobPerson, 'editor');
    const alice = alicePerson.page;
    const bob = bobPerson.page;
    await alice.goto(`${server.url}/incidents/${incidentId}`);
    await bob.goto(`${server.url}/incidents/${incidentId}`);
    await savedPill(alice).waitFor({ timeout: SYNC_TIMEOUT });
    await savedPill(bob).waitFor({ timeout: SYNC_TIMEOUT });

    await quickAdd(alice, { time: '2025-03-04 09:00', text: 'Status page updated' });
    const name = /^Note at 09:00 UTC$/;
    const bobsEvent = bob.getByRole('article', { name });
    await bobsEvent.waitFor({ timeout: SYNC_TIMEOUT });
    await savedPill(alice).waitFor({ timeout: SYNC_TIMEOUT });

    // The app's service worker takes over the page once it is installed; a reload while online lets it keep the
    // copies it needs to open this page without a network.
    await alice.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await alice.reload();
    await savedPill(alice).waitFor({ timeout: SYNC_TIMEOUT });
    expect(await alice.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    const context = alice.context();
    await context.setOffline(true);
    await alice.getByRole('status').filter({ hasText: 'Offline — all changes saved' }).waitFor();
    const alicesEvent = alice.getByRole('article', { name });
    await alicesEvent.getByRole('button', { name: 'Edit' }).click();
    await editor(alicesEvent).press('Control+End');
    await alice.keyboard.type(' for all regions');
    const unsaved = alice.getByRole('status').filter({ hasText: /Offline — \d+ changes not saved yet/ });
    await unsaved.waitFor();
    const pill = await unsaved.textContent();
    expect(pill?.trim()).toBe('Offline — 16 changes not saved yet');

    // Reloading while offline: the page opens from the service worker, the edit from IndexedDB.
    await alice.reload();
    const afterReload = alice.getByRole('article', { name });
    await afterReload.waitFor({ timeout: SYNC_TIMEOUT });
    expect((await closedText(afterReload).textContent())?.trim()).toBe('Status page updated for all regions');
    await unsaved.waitFor();
    await alice.screenshot({ path: `${SCREENSHOT_DIR}/parallax-offline-reloaded.png` });

    // Meanwhile Bob edits the same text online.
    await bobsEvent.getByRole('button', { name: 'Edit' }).click();
    await editor(bobsEvent).press('Control+Home');
    await bob.keyboard.type('EU: ');
    await savedPill(bob).waitFor({ timeout: SYNC_TIMEOUT });

    // Back online, both edits meet on both pages.
    await context.setOffline(false);
    await savedPill(alice).waitFor({ timeout: 30_000 });
    const both = 'EU: Status page updated for all regions';
    await expect.poll(() => editorText(editor(bobsEvent)), { timeout: SYNC_TIMEOUT }).toBe(both);
    await expect
      .poll(async () => (await closedText(afterReload).textContent())?.trim(), { timeout: SYNC_TIMEOUT })
      .toBe(both);
    expect(pageErrors).toEqual([]);
  });
});
