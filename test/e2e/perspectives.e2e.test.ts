/**
 * Perspectives in two browsers: Alice (owner) and Bob (editor) open the same event at once and each adds their
 * account of it, typing at the same time. Both accounts end up on the event's card and side by side in the swim
 * lanes, in both browsers, by person and by role. Needs the web build and Debian's Chromium, like the other suites.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addEvent, addPerspective } from '@parallax/model';
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

const ALICE_SAW = 'Checkout error rate alert in PagerDuty, the deploy dashboard still green';
const BOB_SAW = 'Replica lag on db-2 climbing past 30 seconds, connection pool at its limit';

describe.skipIf(skipReason !== null)('perspectives in two browsers', () => {
  let server: TestServer;
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  let incidentId: string;
  let eventId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    assertWebBuilt();
    server = await startTestServer();
    browser = await launchChromium();
    const viewport = { width: 1440, height: 900 };
    alice = await openBrowser(browser, 'Alice Owner', { pageErrors, viewport });
    bob = await openBrowser(browser, 'Bob Editor', { pageErrors, viewport });
    await signUp(alice, server.url);
    await signUp(bob, server.url);
    const session = await sessionOf(alice);
    incidentId = await createIncident(server, session, 'Checkout errors after the 14:00 deploy');
    await addMember(server, session, incidentId, bob, 'editor');
    // Written by another client of the document, as an import would.
    const client = connectClient(server.url, incidentId, session);
    await client.synced();
    eventId = addEvent(
      client.doc,
      {
        occurredAt: '2025-03-04T14:03:00.000Z',
        precision: 'minute',
        kind: 'detection',
        actor: 'PagerDuty',
        text: 'Checkout error rate above 5%',
      },
      { userId: 'seed' },
    );
    await client.saved();
    client.destroy();
  });

  afterAll(async () => {
    await Promise.all([alice, bob].map((person) => person?.context.close()));
    await browser?.close();
    await server?.close();
  });

  const savedPill = (page: Page) => page.getByRole('status').filter({ hasText: /^\s*Saved\s*$/ });
  const card = (page: Page) => page.locator(`article[data-event-id="${eventId}"]`);
  const sawEditor = (scope: Locator | Page, person: string) =>
    scope.getByRole('textbox', { name: `${person}: what they saw`, exact: true });
  const lanes = (page: Page) => page.getByRole('region', { name: /^Perspectives by / });

  /** Adds an account on the open event's card and types what they saw into the editor that gets the cursor. */
  async function addAccount(page: Page, person: string, role: string, saw: string) {
    const form = card(page).getByRole('form', { name: 'Add a perspective' });
    await form.getByLabel('Whose view').fill(person);
    await form.getByLabel('Role').fill(role);
    await form.getByRole('button', { name: 'Add perspective' }).click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe(`${person}: what they saw`);
    await page.keyboard.type(saw, { delay: 15 });
  }

  /** Each lane's header as a screen reader hears it ("Alice 2 perspectives"). */
  function laneHeaders(page: Page): Promise<string[]> {
    return lanes(page)
      .getByRole('columnheader')
      .evaluateAll((headers) =>
        headers.map((header) => {
          const copy = header.cloneNode(true) as HTMLElement;
          for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
          return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
        }),
      );
  }

  it(
    'two people add their accounts of one event at once; both see both, on the card and in the lanes',
    {
      timeout: 120_000,
    },
    async () => {
      for (const { page } of [alice, bob]) {
        await page.goto(`${server.url}/incidents/${incidentId}`);
        await savedPill(page).waitFor({ timeout: SYNC_TIMEOUT });
        await card(page).getByRole('button', { name: 'Edit' }).click();
        await card(page).getByRole('heading', { name: 'Perspectives' }).waitFor();
      }

      // At the same time, each adds their own account and types what they saw.
      await Promise.all([
        addAccount(alice.page, 'Alice', 'responder', ALICE_SAW),
        addAccount(bob.page, 'Bob', 'database', BOB_SAW),
      ]);

      for (const { page } of [alice, bob]) {
        const open = card(page);
        await open.getByRole('article', { name: 'Alice’s perspective (responder)' }).waitFor({ timeout: SYNC_TIMEOUT });
        await open.getByRole('article', { name: 'Bob’s perspective (database)' }).waitFor({ timeout: SYNC_TIMEOUT });
        await expect.poll(() => editorText(sawEditor(open, 'Alice')), { timeout: SYNC_TIMEOUT }).toBe(ALICE_SAW);
        await expect.poll(() => editorText(sawEditor(open, 'Bob')), { timeout: SYNC_TIMEOUT }).toBe(BOB_SAW);
        await expect.poll(() => open.getByText('2 perspectives', { exact: true }).count()).toBe(1);
      }
      await card(alice.page).screenshot({ path: `${SCREENSHOT_DIR}/parallax-perspectives-card.png` });
      await bob.page.emulateMedia({ colorScheme: 'dark' });
      await card(bob.page).screenshot({ path: `${SCREENSHOT_DIR}/parallax-perspectives-card-dark.png` });
      await bob.page.emulateMedia({ colorScheme: 'light' });

      // The swim lanes: a lane each, their words on the event's row.
      for (const { page } of [alice, bob]) {
        await page.getByRole('tab', { name: /^Swim lanes/ }).click();
        await lanes(page).waitFor();
        // Lanes come in the order the accounts were added, which was a race here.
        expect((await laneHeaders(page)).sort()).toEqual(['Alice 1 perspective', 'Bob 1 perspective', 'Moment']);
        const row = lanes(page)
          .getByRole('row')
          .filter({ has: page.getByRole('rowheader', { name: /14:03 UTC/ }) });
        await expect
          .poll(() => row.getByRole('group', { name: 'Alice on 14:03 UTC' }).innerText())
          .toContain(ALICE_SAW);
        await expect.poll(() => row.getByRole('group', { name: 'Bob on 14:03 UTC' }).innerText()).toContain(BOB_SAW);

        await page.getByRole('radio', { name: 'Role' }).check();
        expect((await laneHeaders(page)).sort()).toEqual([
          'Moment',
          'database 1 perspective',
          'responder 1 perspective',
        ]);
        expect(await row.getByRole('group', { name: 'responder on 14:03 UTC' }).innerText()).toContain(ALICE_SAW);
        const database = await row.getByRole('group', { name: 'database on 14:03 UTC' }).innerText();
        expect(database).toContain(BOB_SAW);
        // By role, each account says whose it is.
        expect(database).toContain('Bob');
      }

      // More of the night, from a third client, for a fuller picture: lanes appear as accounts arrive.
      const client = connectClient(server.url, incidentId, await sessionOf(alice));
      await client.synced();
      const seed = { userId: 'seed' };
      const failover = addEvent(
        client.doc,
        { occurredAt: '2025-03-04T14:12:00.000Z', kind: 'repair', actor: 'Priya', text: 'Failed over to db-3' },
        seed,
      );
      addPerspective(
        client.doc,
        {
          eventId: failover,
          person: 'Priya',
          role: 'database',
          saw: 'db-2 lag kept growing after the pool was raised',
          thought: 'The replica would not catch up on its own',
          did: 'Promoted db-3 and moved checkout reads to it',
        },
        seed,
      );
      addPerspective(
        client.doc,
        { eventId: failover, person: 'alice ', role: 'responder', knew: 'Failover takes about two minutes' },
        seed,
      );
      addPerspective(
        client.doc,
        { eventId: null, person: 'Sam', role: 'support', saw: 'Forty tickets about failed payments in ten minutes' },
        seed,
      );
      await client.saved();
      client.destroy();

      const page = alice.page;
      await page.getByRole('radio', { name: 'Person' }).check();
      // Lanes in the order people appear going down: Sam (the whole incident), Alice and Bob (in the order they
      // raced to add theirs), then Priya; " alice" is Alice.
      const middleSorted = (headers: string[]) => [
        ...headers.slice(0, 2),
        ...headers.slice(2, 4).sort(),
        ...headers.slice(4),
      ];
      await expect
        .poll(async () => middleSorted(await laneHeaders(page)), { timeout: SYNC_TIMEOUT })
        .toEqual(['Moment', 'Sam 1 perspective', 'Alice 2 perspectives', 'Bob 1 perspective', 'Priya 1 perspective']);
      const rowNames = await lanes(page).getByRole('rowheader').allTextContents();
      expect(rowNames).toHaveLength(3);
      expect(rowNames[0]).toMatch(/^\s*Whole incident/);
      expect(rowNames[1]).toMatch(/14:03 UTC\s+PagerDuty\s+Checkout error rate above 5%/);
      expect(rowNames[2]).toMatch(/14:12 UTC\s+Priya\s+Failed over to db-3/);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-swim-lanes.png` });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-swim-lanes-dark.png` });
      await page.emulateMedia({ colorScheme: 'light' });

      // A row's moment leads back to the event on the timeline.
      await lanes(page)
        .getByRole('button', { name: /14:12 UTC/ })
        .click();
      await page.getByRole('tab', { name: /^Timeline/, selected: true }).waitFor();
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.closest('article')?.getAttribute('data-event-id')))
        .toBe(failover);

      // Alice deletes her account of 14:03: it leaves Bob's lanes (by role, still open); Undo brings it back.
      const open = card(page);
      if (await open.getByRole('button', { name: 'Edit' }).isVisible())
        await open.getByRole('button', { name: 'Edit' }).click();
      await open.getByRole('button', { name: 'Delete Alice’s perspective' }).click();
      const responder = lanes(bob.page).getByRole('group', { name: 'responder on 14:03 UTC' });
      await responder.waitFor({ state: 'detached', timeout: SYNC_TIMEOUT });
      await open.getByRole('button', { name: 'Undo' }).click();
      await expect.poll(() => responder.innerText(), { timeout: SYNC_TIMEOUT }).toContain(ALICE_SAW);
      await sawEditor(open, 'Alice').waitFor();

      expect(pageErrors).toEqual([]);
    },
  );
});
