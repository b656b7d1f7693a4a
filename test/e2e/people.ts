import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
/**
 * People for the browser suites: each one a separate browser context (own cookies, no BroadcastChannel shortcut
 * between tabs) who signs up and signs in through the app's own pages, as a person would.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { api } from '../support/server.ts';

/** Where e2e screenshots go; look at them after a run. */
export const SCREENSHOT_DIR = process.env.PARALLAX_SCREENSHOT_DIR ?? '/tmp';

/** Waits longer than the server's group commit and a reconnect, far shorter than the test timeout. */
export const SYNC_TIMEOUT = 10_000;

const WEB_FALLBACK = process.env.PARALLAX_WEB_ROOT
  ? `${process.env.PARALLAX_WEB_ROOT}/index.html`
  : fileURLToPath(new URL('../../apps/web/build/index.html', import.meta.url));

/** The browser suites test the built app the server serves; say plainly when it is missing. */
export function assertWebBuilt(): void {
  if (!existsSync(WEB_FALLBACK)) {
    throw new Error(
      `The web app is not built (${WEB_FALLBACK} is missing): run \`pnpm --filter @parallax/web build\`.`,
    );
  }
}

export interface Person {
  name: string;
  email: string;
  password: string;
  page: Page;
  context: BrowserContext;
}

/**
 * Chromium logs every non-2xx response as a console error, including the refusals the app asks for on purpose:
 * "who am I?" while signed out, a wrong password, sign-up while it is by invitation only, an invite preview before
 * signing in, the access re-check of an incident after signing out or being removed, the Share dialog's first call
 * after the session ended, the last view recorded when leaving an incident whose session ended, and sharing mistakes (an address without an account, demoting the last owner). Those,
 * and the sync socket failing to reconnect while a test has the network off, are not errors of the page.
 */
const EXPECTED_REFUSALS: readonly { status: number; path: RegExp }[] = [
  { status: 401, path: /^\/api\/me$/ },
  { status: 401, path: /^\/api\/auth\/login$/ },
  { status: 403, path: /^\/api\/auth\/signup$/ },
  { status: 401, path: /^\/api\/incidents\/[0-9a-f-]{36}\/(members|invites)$/ },
  { status: 404, path: /^\/api\/incidents\/[0-9a-f-]{36}\/members$/ },
  { status: 409, path: /^\/api\/incidents\/[0-9a-f-]{36}\/members\/[0-9a-f-]{36}$/ },
  { status: 401, path: /^\/api\/invites\/[^/]+$/ },
  { status: 401, path: /^\/api\/incidents\/[0-9a-f-]{36}$/ },
  { status: 404, path: /^\/api\/incidents\/[0-9a-f-]{36}$/ },
  { status: 401, path: /^\/api\/incidents\/[0-9a-f-]{36}\/last-view$/ },
];

/** With the network off (a test going offline on purpose), the sync socket's reconnect attempts fail loudly. */
const OFFLINE_SOCKET =
  /^WebSocket connection to 'ws:\/\/[^']+\/sync\/[0-9a-f-]{36}' failed: .*ERR_INTERNET_DISCONNECTED/;

function isExpectedRefusal(text: string, url: string): boolean {
  if (OFFLINE_SOCKET.test(text)) return true;
  const status = /Failed to load resource: the server responded with a status of (\d{3})/.exec(text)?.[1];
  if (!status || !url) return false;
  const path = new URL(url).pathname;
  return EXPECTED_REFUSALS.some((refusal) => refusal.status === Number(status) && refusal.path.test(path));
}

let counter = 0;

/** An account nobody else in this run uses; the server's database outlives single tests. */
export function newAccount(name: string): Pick<Person, 'name' | 'email' | 'password'> {
  counter += 1;
  const slug = name.toLowerCase().replace(/[^a-z]+/g, '-');
  return {
    name,
    email: `${slug}-${counter}-${Date.now().toString(36)}@example.test`,
    password: `correct horse battery ${slug}`,
  };
}

export interface PersonOptions {
  viewport?: { width: number; height: number };
  /** The browser's own time zone ("my zone" in the app); UTC unless a suite needs another. */
  timezoneId?: string;
  /** Collects uncaught page errors and console errors, which every suite expects to stay empty. */
  pageErrors: string[];
}

export async function openBrowser(browser: Browser, name: string, options: PersonOptions): Promise<Person> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1180, height: 900 },
    timezoneId: options.timezoneId ?? 'UTC',
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => options.pageErrors.push(`${name}: ${error.name}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url } = message.location();
    if (isExpectedRefusal(message.text(), url)) return;
    options.pageErrors.push(`${name} console: ${message.text()} (${url})`);
  });
  return { ...newAccount(name), page, context };
}

/** Fills the sign-up form the page is showing (on /signup, possibly with a `next`) and submits it. */
export async function fillSignUp(person: Person): Promise<void> {
  const { page } = person;
  await page.getByLabel('Your name').fill(person.name);
  await page.getByLabel('Email address').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** Signs up from the sign-up page and waits for the incident list. */
export async function signUp(person: Person, baseUrl: string): Promise<void> {
  await person.page.goto(`${baseUrl}/signup`);
  await fillSignUp(person);
  await person.page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
}

/** Fills the sign-in form the page is showing and submits it. */
export async function fillSignIn(person: Person): Promise<void> {
  const { page } = person;
  await page.getByLabel('Email address').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The person's browser session, for the API helpers in test/support/server.ts. */
export async function sessionOf(person: Person): Promise<{ cookie: string }> {
  const cookie = (await person.context.cookies()).find((candidate) => candidate.name === 'parallax_session');
  if (!cookie) throw new Error(`${person.name} is not signed in`);
  return { cookie: `${cookie.name}=${cookie.value}` };
}

/** Makes an invite link as `person` and returns its URL. */
export async function createInvite(server: { url: string }, person: Person, incidentId: string, role: string) {
  const response = await api(server, 'POST', `/api/incidents/${incidentId}/invites`, {
    ...(await sessionOf(person)),
    body: { role, expiresInHours: 24 },
  });
  if (response.status !== 201) throw new Error(`create invite: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { url: string }).url;
}

/** Sets who may sign up, as an administrator. */
export async function setSignupMode(server: { url: string }, admin: Person, signupMode: 'open' | 'invite-only') {
  const response = await api(server, 'PATCH', '/api/admin/settings', {
    ...(await sessionOf(admin)),
    body: { signupMode },
  });
  if (!response.ok) throw new Error(`signup mode: ${response.status} ${await response.text()}`);
}

/**
 * The text of a CodeMirror editor as the person reads it: its lines, without the carets and name labels of other
 * people that the collaborative editor draws inside the text.
 */
export function editorText(editor: Locator): Promise<string> {
  return editor.evaluate((content) => {
    const lines = [...content.querySelectorAll('.cm-line')].map((line) => {
      const copy = line.cloneNode(true) as HTMLElement;
      for (const widget of copy.querySelectorAll('.cm-ySelectionCaret, .cm-widgetBuffer, .cm-placeholder')) {
        widget.remove();
      }
      return (copy.textContent ?? '').replaceAll('\u2060', '');
    });
    return lines.join('\n');
  });
}
