/**
 * Accounts and access in two browsers: an owner shares an incident through an invite link, the invited viewer
 * follows it (signing up on the way), reads live edits and is offered no way to change anything; role changes and
 * removal reach the viewer's open page at once; a signed-out visit or an ended session goes through sign-in and
 * back; with sign-up by invitation only, an invite link still lets a newcomer in.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumSkipReason, launchChromium } from '../support/chromium.ts';
import { createIncident, startTestServer, type TestServer } from '../support/server.ts';
import {
  SYNC_TIMEOUT,
  SCREENSHOT_DIR,
  assertWebBuilt,
  createInvite,
  editorText,
  fillSignIn,
  fillSignUp,
  openBrowser,
  sessionOf,
  setSignupMode,
  signUp,
  type Person,
} from './people.ts';

const skipReason = chromiumSkipReason();

describe.skipIf(skipReason !== null)('accounts and access in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  /** The first account on the server, which makes it the administrator. */
  let admin: Person;
  const people: Person[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    assertWebBuilt();
    server = await startTestServer();
    browser = await launchChromium();
    admin = await open('Ada Admin', { width: 1280, height: 900 });
    await signUp(admin, server.url);
  });

  beforeEach(() => {
    pageErrors.length = 0;
  });

  afterAll(async () => {
    await Promise.all(people.map((person) => person.context.close()));
    await browser?.close();
    await server?.close();
  });

  async function open(name: string, viewport?: { width: number; height: number }): Promise<Person> {
    const person = await openBrowser(browser, name, { pageErrors, viewport });
    people.push(person);
    return person;
  }

  const savedPill = (page: Page) => page.getByRole('status').filter({ hasText: /^\s*Saved\s*$/ });
  const eventText = (event: Locator) => event.getByRole('textbox', { name: 'Event text' });
  const closedText = async (event: Locator) => (await event.locator('.text').textContent())?.trim();

  it(
    'an invited viewer follows live edits, is offered no editing, and sees role changes and removal at once',
    { timeout: 120_000 },
    async () => {
      const owner = await open('Olivia Owner', { width: 1280, height: 900 });
      await signUp(owner, server.url);
      const incidentId = await createIncident(server, await sessionOf(owner), 'Database failover review');
      const incidentUrl = `${server.url}/incidents/${incidentId}`;
      await owner.page.goto(incidentUrl);
      await savedPill(owner.page).waitFor({ timeout: SYNC_TIMEOUT });

      // The owner makes a viewer invite link in the Share dialog.
      const shareButton = owner.page.getByRole('button', { name: 'Share' });
      await shareButton.click();
      const share = owner.page.getByRole('dialog', { name: 'Share this incident' });
      await share.getByRole('list', { name: 'Members' }).getByText(owner.email).waitFor();
      await share.getByLabel('Joins as').selectOption('viewer');
      await share.getByLabel('Expires after').selectOption({ label: '7 days' });
      await share.getByRole('button', { name: 'Create link' }).click();
      const linkField = share.getByLabel(/link — copy it now/);
      await linkField.waitFor();
      const inviteUrl = await linkField.inputValue();
      expect(inviteUrl).toMatch(new RegExp(`^${server.url}/invites/[^/]+$`));
      await owner.page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-share-link-1280.png` });
      await share.getByRole('list', { name: 'Active invite links' }).getByText('Viewer').waitFor();

      // Mistakes are explained where they happen: an address with no account, and leaving nobody as owner.
      await share.getByLabel('Add a person by email').fill('nobody@example.test');
      await share.getByRole('button', { name: 'Add', exact: true }).click();
      await share.getByRole('alert').filter({ hasText: 'no Parallax account for nobody@example.test' }).waitFor();
      const ownRole = share.getByLabel(`Role of ${owner.name}`);
      await ownRole.selectOption('editor');
      await share.getByRole('alert').filter({ hasText: 'needs at least one owner' }).waitFor();
      expect(await ownRole.inputValue()).toBe('owner');
      // Escape closes the dialog and focus returns to the button that opened it.
      await owner.page.keyboard.press('Escape');
      await share.waitFor({ state: 'hidden' });
      expect(await shareButton.evaluate((button) => button === document.activeElement)).toBe(true);

      // The viewer, signed out, opens the link and creates an account from it, which accepts the invite.
      const viewer = await open('Victor Viewer', { width: 1280, height: 900 });
      await viewer.page.goto(inviteUrl);
      await viewer.page.getByRole('heading', { level: 1, name: 'You are invited' }).waitFor();
      await viewer.page.getByRole('link', { name: 'Create an account' }).click();
      await viewer.page.waitForURL(/\/signup\?next=/);
      await fillSignUp(viewer);
      await viewer.page.waitForURL(incidentUrl);
      await viewer.page.getByRole('heading', { level: 1, name: 'Database failover review' }).waitFor();
      await viewer.page.getByText('View only').waitFor();
      await viewer.page.getByText('You can read this timeline as it changes, but not edit it.').waitFor();
      expect(await viewer.page.getByRole('region', { name: 'Add event' }).count()).toBe(0);

      // The owner adds an event and types into it; the viewer sees both live.
      const form = owner.page.getByRole('region', { name: 'Add event' });
      await form.getByLabel('Time', { exact: true }).fill('2025-06-11 02:14:09');
      await form.getByLabel('Kind').selectOption('detection');
      await form.getByLabel('Actor').fill('pg-monitor');
      await form.getByLabel('What happened').fill('Replica lag above 30 s');
      await form.getByRole('button', { name: 'Add', exact: true }).click();
      const eventName = /^Detection at 02:14:09 UTC — pg-monitor$/;
      const ownersEvent = owner.page.getByRole('article', { name: eventName });
      const viewersEvent = viewer.page.getByRole('article', { name: eventName });
      await viewersEvent.waitFor({ timeout: SYNC_TIMEOUT });
      await expect.poll(() => closedText(viewersEvent)).toBe('Replica lag above 30 s');
      // The viewer opens the event to watch the typing live, in a read-only editor.
      await viewersEvent.getByRole('button', { name: 'Open' }).click();
      await ownersEvent.getByRole('button', { name: 'Edit' }).click();
      await eventText(ownersEvent).press('Control+End');
      await owner.page.keyboard.type(' on db-2', { delay: 15 });
      const ownersWords = 'Replica lag above 30 s on db-2';
      await expect.poll(() => editorText(eventText(viewersEvent)), { timeout: SYNC_TIMEOUT }).toBe(ownersWords);
      await viewersEvent.locator('.cm-ySelectionInfo', { hasText: owner.name }).waitFor({ timeout: SYNC_TIMEOUT });

      // Nothing on the viewer's page offers a change: the text is read-only, no edit or delete, no add form.
      expect(await eventText(viewersEvent).isEditable()).toBe(false);
      expect(await viewer.page.getByRole('button', { name: 'Edit', exact: true }).count()).toBe(0);
      expect(await viewer.page.getByRole('button', { name: /delete/i }).count()).toBe(0);
      expect(await viewersEvent.getByLabel('Kind').count()).toBe(0);
      // Typing into the text anyway changes nothing, on either side; nor does Ctrl+Z.
      await eventText(viewersEvent).click();
      await viewer.page.keyboard.press('End');
      await viewer.page.keyboard.type(' (viewer was here)');
      await viewer.page.keyboard.press('Backspace');
      await viewer.page.keyboard.press('Control+z');
      expect(await editorText(eventText(viewersEvent))).toBe(ownersWords);
      await savedPill(owner.page).waitFor({ timeout: SYNC_TIMEOUT });
      // Long enough for any stray update to cross the server twice.
      await owner.page.waitForTimeout(500);
      expect(await editorText(eventText(ownersEvent))).toBe(ownersWords);
      expect(await owner.page.getByRole('article').count()).toBe(1);

      await viewer.page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-viewer-1280.png`, fullPage: true });
      await viewer.page.setViewportSize({ width: 390, height: 844 });
      await viewer.page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-viewer-390.png`, fullPage: true });
      await viewer.page.setViewportSize({ width: 1280, height: 900 });

      // The owner sees the viewer in the members list and makes them an editor; the viewer's open page follows
      // (the server closes their socket with 4409, the page asks the API for the new role and reconnects).
      await shareButton.click();
      const viewerRow = share.getByRole('listitem').filter({ hasText: viewer.email });
      await viewerRow.waitFor();
      expect(await viewerRow.getByLabel(`Role of ${viewer.name}`).inputValue()).toBe('viewer');
      await owner.page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-share-1280.png` });
      await owner.page.setViewportSize({ width: 390, height: 844 });
      await owner.page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-share-390.png` });
      await owner.page.setViewportSize({ width: 1280, height: 900 });
      await viewerRow.getByLabel(`Role of ${viewer.name}`).selectOption('editor');
      await share
        .getByRole('status')
        .filter({ hasText: `${viewer.name} is now editor.` })
        .waitFor();

      await viewer.page.getByRole('region', { name: 'Add event' }).waitFor({ timeout: SYNC_TIMEOUT });
      expect(await viewer.page.getByText('View only').count()).toBe(0);
      await savedPill(viewer.page).waitFor({ timeout: SYNC_TIMEOUT });
      await expect.poll(() => eventText(viewersEvent).isEditable()).toBe(true);
      await eventText(viewersEvent).press('Control+End');
      await viewer.page.keyboard.type(' (confirmed)', { delay: 15 });
      await expect
        .poll(() => editorText(eventText(ownersEvent)), { timeout: SYNC_TIMEOUT })
        .toBe(`${ownersWords} (confirmed)`);

      // The owner removes them; their open page says so instead of silently failing to sync.
      await viewerRow.getByRole('button', { name: `Remove ${viewer.name}` }).click();
      await viewerRow.getByRole('button', { name: `Remove ${viewer.name}?` }).click();
      await viewerRow.waitFor({ state: 'detached' });
      await viewer.page.getByRole('heading', { name: 'You no longer have access' }).waitFor({ timeout: SYNC_TIMEOUT });
      expect(await viewer.page.getByRole('article').count()).toBe(0);

      expect(pageErrors).toEqual([]);
    },
  );

  it(
    'sends a signed-out visit, or an ended session, through sign-in and back to the incident',
    { timeout: 60_000 },
    async () => {
      const person = await open('Sam Returning', { width: 1280, height: 900 });
      await signUp(person, server.url);
      const incidentId = await createIncident(server, await sessionOf(person), 'Queue backlog on Monday');
      const incidentPath = `/incidents/${incidentId}`;

      // Sign out from the account menu.
      await person.page.getByRole('button', { name: `${person.name}, account menu` }).click();
      await person.page.getByRole('button', { name: 'Sign out' }).click();
      await person.page.waitForURL(`${server.url}/signin`);

      await person.page.goto(`${server.url}${incidentPath}`);
      await person.page.waitForURL(`${server.url}/signin?next=${encodeURIComponent(incidentPath)}`);
      await person.page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await person.page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-signin-1280.png`, fullPage: true });
      await person.page.setViewportSize({ width: 390, height: 844 });
      await person.page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-signin-390.png`, fullPage: true });

      // A wrong password is said plainly and keeps the person on the form.
      await person.page.getByLabel('Email address').fill(person.email);
      await person.page.getByLabel('Password').fill('not the password at all');
      await person.page.getByRole('button', { name: 'Sign in' }).click();
      await person.page.getByRole('alert').filter({ hasText: 'do not match an account' }).waitFor();

      await fillSignIn(person);
      await person.page.waitForURL(`${server.url}${incidentPath}`);
      await person.page.getByRole('heading', { level: 1, name: 'Queue backlog on Monday' }).waitFor();
      await savedPill(person.page).waitFor({ timeout: SYNC_TIMEOUT });
      await person.page.getByRole('region', { name: 'Add event' }).waitFor();

      // A session that ends while the page is open (expired, ended elsewhere): the next API call sends the person
      // to sign in, and back to this page afterwards.
      await person.context.clearCookies();
      await person.page.getByRole('button', { name: 'Share' }).click();
      await person.page.waitForURL(`${server.url}/signin?next=${encodeURIComponent(incidentPath)}`);
      await fillSignIn(person);
      await person.page.waitForURL(`${server.url}${incidentPath}`);
      await savedPill(person.page).waitFor({ timeout: SYNC_TIMEOUT });

      // Signed in, the sign-in page has nothing to offer and sends the person on.
      await person.page.goto(`${server.url}/signin`);
      await person.page.waitForURL(`${server.url}/`);

      // A new password from the account page; the old one stops working, the new one signs in.
      await person.page.getByRole('button', { name: `${person.name}, account menu` }).click();
      await person.page.getByRole('link', { name: 'Account and password' }).click();
      await person.page.getByLabel('Current password').fill(person.password);
      const newPassword = `${person.password} and then some`;
      await person.page.getByLabel('New password', { exact: true }).fill(newPassword);
      await person.page.getByLabel('New password again').fill(newPassword);
      await person.page.getByRole('button', { name: 'Change password' }).click();
      await person.page.getByRole('status').filter({ hasText: 'Your password is changed.' }).waitFor();
      await person.page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-account-390.png`, fullPage: true });
      await person.page.getByRole('button', { name: `${person.name}, account menu` }).click();
      await person.page.getByRole('button', { name: 'Sign out' }).click();
      await person.page.waitForURL(`${server.url}/signin`);
      await fillSignIn(person);
      await person.page.getByRole('alert').filter({ hasText: 'do not match an account' }).waitFor();
      person.password = newPassword;
      await fillSignIn(person);
      await person.page.waitForURL(`${server.url}/`);
      expect(pageErrors).toEqual([]);
    },
  );
  it('lets a newcomer in through an invite link when sign-up is by invitation only', { timeout: 60_000 }, async () => {
    // The administrator closes open sign-up on the admin page, reached from the account menu.
    await admin.page.goto(server.url);
    await admin.page.getByRole('button', { name: `${admin.name}, account menu` }).click();
    await admin.page.getByRole('link', { name: 'Admin settings' }).click();
    await admin.page.getByRole('heading', { level: 1, name: 'Admin settings' }).waitFor();
    await admin.page.getByLabel('By invitation only').check();
    await admin.page.getByRole('button', { name: 'Save' }).click();
    await admin.page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    await admin.page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-admin-1280.png`, fullPage: true });

    try {
      // Without an invite, sign-up says it is closed and how to get in.
      const stranger = await open('Sergei Stranger');
      await stranger.page.goto(`${server.url}/signup`);
      await fillSignUp(stranger);
      await stranger.page.getByRole('alert').filter({ hasText: 'by invitation' }).waitFor();
      await stranger.page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-signup-closed.png`, fullPage: true });
      expect(stranger.page.url()).toBe(`${server.url}/signup`);

      // With one, the newcomer signs up and lands on the incident with the invite's role.
      const incidentId = await createIncident(server, await sessionOf(admin), 'Cache stampede at midnight');
      const inviteUrl = await createInvite(server, admin, incidentId, 'editor');
      const newcomer = await open('Nina Newcomer');
      await newcomer.page.goto(inviteUrl);
      await newcomer.page.getByRole('heading', { level: 1, name: 'You are invited' }).waitFor();
      await newcomer.page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-invite.png`, fullPage: true });
      await newcomer.page.getByRole('link', { name: 'Create an account' }).click();
      await fillSignUp(newcomer);
      await newcomer.page.waitForURL(`${server.url}/incidents/${incidentId}`);
      await newcomer.page.getByRole('heading', { level: 1, name: 'Cache stampede at midnight' }).waitFor();
      await newcomer.page.getByRole('region', { name: 'Add event' }).waitFor();
    } finally {
      await setSignupMode(server, admin, 'open');
    }
    expect(pageErrors).toEqual([]);
  });
});
