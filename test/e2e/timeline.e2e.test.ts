/**
 * Two people, two browsers, one incident: the path from the SvelteKit app through the y-websocket provider, the
 * sync server and the store, and back out to the other browser. Both sign up first and the incident is shared
 * with the second; access itself is tested in access.e2e.test.ts. Needs the web build (apps/web/build), which the
 * test command makes first, and Debian's Chromium.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumSkipReason, launchChromium } from '../support/chromium.ts';
import { addMember, createIncident, startTestServer, type TestServer } from '../support/server.ts';
import { openBrowser, sessionOf, signUp, type Person } from './people.ts';

const WEB_FALLBACK = fileURLToPath(new URL('../../apps/web/build/index.html', import.meta.url));
const SCREENSHOT_DIR = process.env.PARALLAX_SCREENSHOT_DIR ?? '/tmp';
const skipReason = chromiumSkipReason();

/** Waits longer than the server's ~50 ms group commit and a reconnect, far shorter than the test timeout. */
const SYNC_TIMEOUT = 10_000;

describe.skipIf(skipReason !== null)('live timeline in two browsers', () => {
  let server: TestServer;
  let browser: Browser;
  const people: Person[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(WEB_FALLBACK)) {
      throw new Error(
        `The web app is not built (${WEB_FALLBACK} is missing): run \`pnpm --filter @parallax/web build\`.`,
      );
    }
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
  const eventText = (event: Locator) => event.getByRole('textbox', { name: 'Event text' });

  it('creates an incident, shares events and merges text typed in both browsers', { timeout: 90_000 }, async () => {
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

    // Alice adds an event; it appears in Bob's timeline with everything she entered.
    const form = alice.getByRole('region', { name: 'Add event' });
    await form.getByLabel('Time (UTC)').fill('2025-03-04 14:03:27');
    await form.getByLabel('Kind').selectOption('detection');
    await form.getByLabel('Actor').fill('PagerDuty');
    await form.getByLabel('What happened').fill('Checkout error rate above 5%');
    await form.getByRole('button', { name: 'Add event' }).click();

    const eventName = /^Detection at 14:03:27 UTC — PagerDuty$/;
    const bobsEvent = bob.getByRole('article', { name: eventName });
    await bobsEvent.waitFor({ timeout: SYNC_TIMEOUT });
    await expect.poll(() => eventText(bobsEvent).inputValue()).toBe('Checkout error rate above 5%');

    // Bob extends the text; Alice sees it.
    const alicesEvent = alice.getByRole('article', { name: eventName });
    await eventText(bobsEvent).click();
    await eventText(bobsEvent).press('End');
    await bob.keyboard.type(', paged the on-call', { delay: 15 });
    await expect
      .poll(() => eventText(alicesEvent).inputValue(), { timeout: SYNC_TIMEOUT })
      .toBe('Checkout error rate above 5%, paged the on-call');

    // Both type into the same text at once, at opposite ends: neither loses a character, and the remote typing
    // does not drag the local caret (which would scramble the letters).
    await eventText(alicesEvent).click();
    await eventText(alicesEvent).press('Control+Home');
    await eventText(bobsEvent).press('Control+End');
    await Promise.all([
      alice.keyboard.type('Alice: ', { delay: 25 }),
      bob.keyboard.type(' (Bob: from the EU region)', { delay: 20 }),
    ]);
    const merged = 'Alice: Checkout error rate above 5%, paged the on-call (Bob: from the EU region)';
    await expect.poll(() => eventText(alicesEvent).inputValue(), { timeout: SYNC_TIMEOUT }).toBe(merged);
    await expect.poll(() => eventText(bobsEvent).inputValue(), { timeout: SYNC_TIMEOUT }).toBe(merged);

    // Bob changes the kind; Alice's card follows.
    await bobsEvent.getByRole('button', { name: 'Edit details' }).click();
    await bobsEvent.getByLabel('Kind').selectOption('key-moment');
    await alice.getByRole('article', { name: /^Key moment at 14:03:27 UTC — PagerDuty$/ }).waitFor({
      timeout: SYNC_TIMEOUT,
    });

    // Bob adds an earlier event after Alice's: both timelines order by time, not by insertion.
    const bobsForm = bob.getByRole('region', { name: 'Add event' });
    await bobsForm.getByLabel('Time (UTC)').fill('2025-03-04 13:58');
    await bobsForm.getByLabel('Kind').selectOption('action');
    await bobsForm.getByLabel('Actor').fill('deploy-bot');
    await bobsForm.getByLabel('What happened').fill('Deploy 4812 of checkout-api rolled out to 100%');
    await bobsForm.getByRole('button', { name: 'Add event' }).click();
    const earlierName = /^Action at 13:58 UTC — deploy-bot$/;
    await alice.getByRole('article', { name: earlierName }).waitFor({ timeout: SYNC_TIMEOUT });
    const order = await alice
      .getByRole('list', { name: 'Events by time' })
      .getByRole('article')
      .evaluateAll((articles) => articles.map((article) => article.querySelector('h3')?.textContent));
    expect(order).toEqual(['Action at 13:58 UTC — deploy-bot', 'Key moment at 14:03:27 UTC — PagerDuty']);
    await alice.getByText('5 min later').waitFor();

    await savedPill(alice).waitFor({ timeout: SYNC_TIMEOUT });
    await savedPill(bob).waitFor({ timeout: SYNC_TIMEOUT });
    await alice.screenshot({ path: `${SCREENSHOT_DIR}/parallax-alice.png`, fullPage: true });
    await bob.screenshot({ path: `${SCREENSHOT_DIR}/parallax-bob.png`, fullPage: true });

    // Alice deletes the deploy event (with confirmation); it leaves Bob's timeline.
    const aliceDeploy = alice.getByRole('article', { name: earlierName });
    await aliceDeploy.getByRole('button', { name: 'Edit details' }).click();
    await aliceDeploy.getByRole('button', { name: 'Delete event' }).click();
    await aliceDeploy.getByRole('button', { name: 'Yes, delete event' }).click();
    await bob.getByRole('article', { name: earlierName }).waitFor({ state: 'detached', timeout: SYNC_TIMEOUT });
    await savedPill(alice).waitFor({ timeout: SYNC_TIMEOUT });

    // What the server said was saved is there after a reload.
    await alice.reload();
    const reloaded = alice.getByRole('article', { name: /^Key moment at 14:03:27 UTC — PagerDuty$/ });
    await reloaded.waitFor({ timeout: SYNC_TIMEOUT });
    expect(await eventText(reloaded).inputValue()).toBe(merged);
    expect(await alice.getByRole('article').count()).toBe(1);

    // And the incident is listed.
    await alice.goto(server.url);
    await alice.getByRole('link', { name: 'Checkout errors after the 14:00 deploy' }).waitFor();
    await alice.screenshot({ path: `${SCREENSHOT_DIR}/parallax-list.png`, fullPage: true });

    expect(pageErrors).toEqual([]);
  });

  it('says when changes are not saved while offline, and delivers them on reconnect', { timeout: 60_000 }, async () => {
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

    const form = alice.getByRole('region', { name: 'Add event' });
    await form.getByLabel('Time (UTC)').fill('2025-03-04 09:00');
    await form.getByLabel('What happened').fill('Status page updated');
    await form.getByRole('button', { name: 'Add event' }).click();
    const bobsEvent = bob.getByRole('article', { name: /^Note at 09:00 UTC$/ });
    await bobsEvent.waitFor({ timeout: SYNC_TIMEOUT });
    await savedPill(alice).waitFor({ timeout: SYNC_TIMEOUT });

    const alicesContext = alice.context();
    await alicesContext.setOffline(true);
    await alice.getByRole('status').filter({ hasText: 'Offline — all changes saved' }).waitFor();
    const alicesText = alice.getByRole('article', { name: /^Note at 09:00 UTC$/ }).getByRole('textbox', {
      name: 'Event text',
    });
    await alicesText.click();
    await alicesText.press('End');
    await alice.keyboard.type(' for all regions');
    await alice.getByRole('status').filter({ hasText: 'Offline — changes not saved yet' }).waitFor();

    await alicesContext.setOffline(false);
    await savedPill(alice).waitFor({ timeout: SYNC_TIMEOUT });
    await expect
      .poll(() => eventText(bobsEvent).inputValue(), { timeout: SYNC_TIMEOUT })
      .toBe('Status page updated for all regions');
    expect(pageErrors).toEqual([]);
  });
});
