/**
 * Meeting mode in three browsers: a facilitator (the incident's owner) projects the timeline at /present and steps
 * through it from the keyboard; two editors follow the facilitator from their own incident page, and their
 * timelines move with the projection. The test measures how long each step takes to reach each follower (from the
 * facilitator's keypress to the follower's timeline centred on the event, timed in the browsers) and prints the
 * figures; it does not hold them to a wall-clock limit. With names hidden, no real name may be anywhere in the
 * projection's DOM. A follower captures a question and a perspective for the event on screen; both appear on the
 * projection live and in the meeting summary. Screenshots of the projection at 1920×1080 (light and dark) and
 * 1280×720 go to SCREENSHOT_DIR.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addEvent, addPerspective, addQuestion, addActionItem, updateMeta } from '@parallax/model';
import { chromiumSkipReason, launchChromium } from '../support/chromium.ts';
import { connectClient } from '../support/clients.ts';
import { addMember, createIncident, startTestServer, type TestServer } from '../support/server.ts';
import { SCREENSHOT_DIR, SYNC_TIMEOUT, assertWebBuilt, openBrowser, sessionOf, signUp, type Person } from './people.ts';

const skipReason = chromiumSkipReason();

const EVENT_COUNT = 40;
/** The event the facilitator jumps to ("14:30" in Berlin, UTC+1 in March), and how many steps follow. */
const JUMP_INDEX = 10;
const STEPS = 6;
/** Where the steps end: the event with the perspectives, questions and names in its text. */
const BUSY_INDEX = JUMP_INDEX + STEPS;

const PEOPLE_IN_DOCUMENT = ['Priya Raman', 'Dana Whitfield', 'Tomasz Wilk', 'Ines Okafor'];

describe.skipIf(skipReason !== null)('meeting mode: a projection and two followers', () => {
  let server: TestServer;
  let browser: Browser;
  let facilitator: Person;
  let followers: Person[];
  let incidentId: string;
  const eventIds: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    assertWebBuilt();
    server = await startTestServer();
    browser = await launchChromium();
    facilitator = await openBrowser(browser, 'Harriet Quill', { pageErrors, viewport: { width: 1920, height: 1080 } });
    followers = [
      await openBrowser(browser, 'Ravi Menon', { pageErrors, viewport: { width: 1180, height: 900 } }),
      await openBrowser(browser, 'Sofia Lindqvist', { pageErrors, viewport: { width: 1180, height: 900 } }),
    ];
    for (const person of [facilitator, ...followers]) await signUp(person, server.url);
    const owner = await sessionOf(facilitator);
    incidentId = await createIncident(server, owner, 'Checkout errors after the 14:00 deploy');
    for (const follower of followers) await addMember(server, owner, incidentId, follower, 'editor');

    // Written by another client of the document, as an import would: 40 events three minutes apart from 14:00
    // Berlin time, with people as actors and in the texts, and analysis on the event the steps end at.
    const client = connectClient(server.url, incidentId, owner);
    await client.synced();
    const ctx = { userId: 'seed' };
    updateMeta(client.doc, { referenceTimeZone: 'Europe/Berlin' }, ctx);
    for (let index = 0; index < EVENT_COUNT; index += 1) {
      const actor = index % 3 === 0 ? 'deploy-bot' : PEOPLE_IN_DOCUMENT[index % PEOPLE_IN_DOCUMENT.length];
      const text =
        index === BUSY_INDEX
          ? 'Priya Raman asked Dana to check replica lag on db-2; sofia lindqvist joined the call'
          : `Step ${index + 1}: Tomasz restarted checkout-api pod ${index}`;
      eventIds.push(
        addEvent(
          client.doc,
          {
            occurredAt: new Date(Date.UTC(2025, 2, 4, 13, index * 3)).toISOString(),
            precision: 'minute',
            kind: index === BUSY_INDEX ? 'key-moment' : index % 4 === 0 ? 'detection' : 'action',
            actor,
            text,
          },
          ctx,
        ),
      );
    }
    const busy = eventIds[BUSY_INDEX] ?? null;
    addPerspective(
      client.doc,
      {
        eventId: busy,
        person: 'Dana Whitfield',
        role: 'database',
        saw: 'Replica lag on db-2 past 30 s',
        did: 'Paged Priya Raman',
      },
      ctx,
    );
    addPerspective(
      client.doc,
      { eventId: busy, person: 'Priya Raman', role: 'responder', thought: 'Ines Okafor had the pool settings' },
      ctx,
    );
    addQuestion(
      client.doc,
      { eventId: busy, text: 'Why did Tomasz Wilk not see the alert?', asker: 'Ravi Menon', owner: 'Ines Okafor' },
      ctx,
    );
    addActionItem(client.doc, { title: 'Alert on replica lag', owner: 'Tomasz Wilk', category: 'detect' }, ctx);
    await client.saved();
    client.destroy();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([facilitator, ...(followers ?? [])].map((person) => person?.context.close()));
    await browser?.close();
    await server?.close();
  });

  const savedPill = (page: Page) => page.getByRole('status').filter({ hasText: /^\s*Saved\s*$/ });
  const projectedId = (page: Page) => page.locator('article.focused').getAttribute('data-event-id');

  /** Records, in the follower's browser, which timeline card is centred in the window, each time that changes. */
  function watchCentredCard(page: Page) {
    return page.evaluate(() => {
      const log: { id: string; at: number }[] = [];
      (window as unknown as { centred: typeof log }).centred = log;
      const frame = () => {
        const top = document.querySelector('.sticky')?.getBoundingClientRect().bottom ?? 0;
        const middle = (Math.max(top, 0) + window.innerHeight) / 2;
        let best: string | null = null;
        let distance = Infinity;
        for (const card of document.querySelectorAll<HTMLElement>('article[data-event-id]')) {
          const box = card.getBoundingClientRect();
          if (box.bottom < top || box.top > window.innerHeight) continue;
          const off = Math.abs((box.top + box.bottom) / 2 - middle);
          if (off < distance) {
            distance = off;
            best = card.dataset.eventId ?? null;
          }
        }
        if (best && log.at(-1)?.id !== best) log.push({ id: best, at: performance.timeOrigin + performance.now() });
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
  }

  /** When the follower's timeline first centred `id` after `after` (ms since the epoch, high resolution). */
  async function centredAt(page: Page, id: string, after: number): Promise<number> {
    let at: number | null = null;
    await expect
      .poll(
        async () => {
          at = await page.evaluate(
            ({ id, after }) =>
              (window as unknown as { centred: { id: string; at: number }[] }).centred.find(
                (entry) => entry.id === id && entry.at >= after,
              )?.at ?? null,
            { id, after },
          );
          return at;
        },
        { timeout: SYNC_TIMEOUT },
      )
      .not.toBeNull();
    return at ?? Number.NaN;
  }

  /** Every name of a real person, and every word of one, that the projection must not show with names hidden. */
  function realNames(): string[] {
    const names = [facilitator, ...followers].map((person) => person.name).concat(PEOPLE_IN_DOCUMENT);
    return names;
  }

  async function leakedNames(page: Page): Promise<string[]> {
    const { html, attributes } = await page.evaluate(() => {
      const values: string[] = [];
      for (const element of document.querySelectorAll('*')) {
        for (const name of ['title', 'aria-label', 'alt', 'placeholder', 'value']) {
          const value = element.getAttribute(name);
          if (value) values.push(value);
        }
        if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) values.push(element.value);
      }
      return { html: document.documentElement.outerHTML, attributes: values.join('\n'), title: document.title };
    });
    const haystack = `${html}\n${attributes}`;
    const leaks: string[] = [];
    for (const name of realNames()) {
      if (haystack.toLowerCase().includes(name.toLowerCase())) leaks.push(name);
      for (const word of name.split(' ')) {
        if (new RegExp(`(?<![\\p{L}\\p{N}_])${word}(?![\\p{L}\\p{N}_])`, 'u').test(haystack)) leaks.push(word);
      }
    }
    for (const person of [facilitator, ...followers]) {
      if (haystack.includes(person.email)) leaks.push(person.email);
    }
    return leaks;
  }

  it(
    'followers move with the projection; hidden names stay hidden; captures from followers appear live',
    { timeout: 240_000 },
    async () => {
      const projection = facilitator.page;
      await facilitator.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      for (const { page } of followers) {
        await page.goto(`${server.url}/incidents/${incidentId}`);
        await savedPill(page).waitFor({ timeout: SYNC_TIMEOUT });
      }

      await projection.goto(`${server.url}/incidents/${incidentId}/present`);
      await projection.getByText(`Event 1 of ${EVENT_COUNT}`).waitFor({ timeout: SYNC_TIMEOUT });
      await projection.getByRole('list', { name: 'Keyboard shortcuts' }).getByText('next').waitFor();

      // Each follower is offered to follow the facilitator who is presenting, and does.
      for (const { page } of followers) {
        const meeting = page.getByRole('region', { name: 'Review meeting' });
        await meeting.getByText('Harriet Quill is presenting this incident').waitFor({ timeout: SYNC_TIMEOUT });
        await expect
          .poll(() => page.getByRole('button', { name: /^Follow Harriet Quill \(facilitator, presenting\)/ }).count())
          .toBe(1);
        await meeting.getByRole('button', { name: 'Follow the facilitator' }).click();
        await meeting.getByText('Following Harriet Quill (facilitator) — Esc to stop').waitFor();
      }

      // g: jump to a time, read in the incident's zone (Berlin): 14:30 there is 13:30 UTC, the 11th event.
      await projection.keyboard.press('g');
      const jump = projection.getByRole('dialog', { name: 'Jump to a time' });
      await jump.getByLabel('Time').fill('14:30');
      await jump.getByLabel('Time').press('Enter');
      await jump.waitFor({ state: 'hidden' });
      await projection.getByText(`Event ${JUMP_INDEX + 1} of ${EVENT_COUNT}`).waitFor();
      expect(await projectedId(projection)).toBe(eventIds[JUMP_INDEX]);
      expect(await projection.locator('article.focused time.time').textContent()).toBe('14:30UTC+1');

      // The followers' timelines centre that event; from here on each step is timed in the browsers.
      for (const { page } of followers) await watchCentredCard(page);
      for (const { page } of followers) await centredAt(page, eventIds[JUMP_INDEX] ?? '', 0);
      await projection.evaluate(() => {
        const keys: number[] = [];
        (window as unknown as { keys: number[] }).keys = keys;
        window.addEventListener('keydown', () => keys.push(performance.timeOrigin + performance.now()), {
          capture: true,
        });
      });

      const latencies: number[][] = followers.map(() => []);
      for (let step = 1; step <= STEPS; step += 1) {
        const expected = eventIds[JUMP_INDEX + step] ?? '';
        await projection.keyboard.press(step % 2 === 0 ? 'ArrowRight' : 'j');
        const pressedAt = await projection.evaluate(() => (window as unknown as { keys: number[] }).keys.at(-1) ?? 0);
        expect(await projectedId(projection)).toBe(expected);
        for (const [index, { page }] of followers.entries()) {
          const at = await centredAt(page, expected, pressedAt);
          latencies[index]?.push(Math.round(at - pressedAt));
        }
      }
      await followers[0]?.page.screenshot({ path: `${SCREENSHOT_DIR}/parallax-meeting-follower.png` });
      for (const [index, follower] of followers.entries()) {
        console.log(
          `meeting follow latency, ${follower.name}: ${latencies[index]?.join(', ')} ms (keypress → centred)`,
        );
        // The event the projection shows is on the follower's screen, not just in their list.
        const card = follower.page.locator(`article[data-event-id="${eventIds[BUSY_INDEX]}"]`);
        const box = await card.boundingBox();
        expect(box).not.toBeNull();
        expect((box?.y ?? -1) >= 0 && (box?.y ?? 0) + (box?.height ?? 0) <= 900).toBe(true);
      }

      // The projected moment: its perspectives and open question, neighbours for context.
      const focused = projection.locator('article.focused');
      await focused.getByText('Replica lag on db-2 past 30 s').waitFor();
      await projection
        .getByRole('region', { name: /^Open questions/ })
        .getByText('Why did Tomasz Wilk')
        .waitFor();
      await expect
        .poll(() => projection.getByRole('list', { name: 'Around this moment' }).getByRole('listitem').count())
        .toBe(7);

      // h: names hidden. Every person, everywhere, is a role label; not one real name is left in the page.
      await projection.keyboard.press('h');
      await projection.getByText('Names hidden', { exact: true }).waitFor();
      await focused.getByText('Database', { exact: false }).first().waitFor();
      expect(await focused.locator('.person').allTextContents()).toEqual(
        expect.arrayContaining([expect.stringMatching(/^Database [A-Z]$/), expect.stringMatching(/^Responder [A-Z]$/)]),
      );
      expect(await leakedNames(projection)).toEqual([]);
      await projection.screenshot({ path: `${SCREENSHOT_DIR}/parallax-present-1080.png` });

      // A follower captures a question for the event on screen from their own page; it appears on the projection.
      const ravi = followers[0]?.page as Page;
      const capture = ravi.getByRole('region', { name: 'Review meeting' });
      await capture
        .getByRole('group', { name: 'Capture for the current event' })
        .getByText('14:48 UTC+1 · Key moment')
        .waitFor();
      await capture.getByRole('button', { name: 'Question', exact: true }).click();
      await capture.getByLabel(/^Question about 14:48 UTC\+1/).fill('Why did the pool limit not page anyone?');
      await capture.getByLabel(/^Question about 14:48 UTC\+1/).press('Enter');
      await capture.getByText(/^Question added to the event at 14:48 UTC\+1/).waitFor();
      const projectedQuestions = projection.getByRole('region', { name: /^Open questions/ });
      await projectedQuestions.getByText('Why did the pool limit not page anyone?').waitFor({ timeout: SYNC_TIMEOUT });

      // The other follower adds a perspective; it fades into the next free slot.
      const sofia = followers[1]?.page as Page;
      const sofiasCapture = sofia.getByRole('region', { name: 'Review meeting' });
      await sofiasCapture.getByRole('button', { name: 'Perspective', exact: true }).click();
      const form = sofiasCapture.getByRole('form', { name: /^Perspective on 14:48 UTC\+1/ });
      await form.getByLabel('Whose view').fill('Sofia Lindqvist');
      await form.getByLabel('Role').fill('support');
      await form.getByLabel('Saw', { exact: true }).fill('Customers reporting failed payments in chat');
      await sofia.screenshot({ path: `${SCREENSHOT_DIR}/parallax-meeting-capture.png` });
      await form.getByRole('button', { name: 'Add perspective' }).click();
      await focused.getByText('Customers reporting failed payments in chat').waitFor({ timeout: SYNC_TIMEOUT });
      expect(await leakedNames(projection)).toEqual([]);

      // q on the projection: the facilitator asks one too.
      await projection.keyboard.press('q');
      const ask = projection.getByRole('dialog', { name: 'Add a question' });
      await ask.getByLabel(/^Question about/).fill('What did the dashboards show at the time?');
      await ask.getByLabel(/^Question about/).press('Enter');
      await ask.waitFor({ state: 'hidden' });
      await projectedQuestions.getByText('What did the dashboards show at the time?').waitFor();

      // s: the meeting summary lists what was captured since the projection opened, not what was there before.
      await projection.keyboard.press('s');
      const summary = projection.getByRole('dialog', { name: 'Meeting summary' });
      await summary.getByRole('heading', { name: 'Questions (2)' }).waitFor();
      await summary.getByText('Why did the pool limit not page anyone?').waitFor();
      await summary.getByRole('heading', { name: 'Perspectives (1)' }).waitFor();
      await summary.getByRole('heading', { name: 'Action items (0)' }).waitFor();
      expect(await summary.getByText('Why did Tomasz Wilk').count()).toBe(0);
      expect(await leakedNames(projection)).toEqual([]);
      await summary.getByRole('button', { name: 'Copy as Markdown' }).click();
      await summary.getByText('Copied to the clipboard.').waitFor();
      const markdown = await projection.evaluate(() => navigator.clipboard.readText());
      expect(markdown).toContain('## Questions (2)');
      expect(markdown).toContain('- Why did the pool limit not page anyone? (on 14:48 UTC+1 · Key moment)');
      // Sofia was labelled when names were hidden, before her perspective gave her a role: her label stays.
      expect(markdown).toMatch(/\*\*Participant [A-Z] \(support\)\*\*/);
      for (const name of realNames()) expect(markdown).not.toContain(name);
      await projection.keyboard.press('Escape');
      await summary.waitFor({ state: 'hidden' });

      // ?: the shortcut help, over the projection.
      await projection.keyboard.press('?');
      const help = projection.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await help.getByText('Jump to a time, e.g. 14:05').waitFor();
      await projection.keyboard.press('Escape');
      await help.waitFor({ state: 'hidden' });

      // Dark theme at 1920×1080, then the light one at 1280×720: everything on screen, nothing scrolls.
      await projection.keyboard.press('t');
      await expect.poll(() => projection.locator('.projection').getAttribute('data-theme')).toBe('dark');
      await projection.screenshot({ path: `${SCREENSHOT_DIR}/parallax-present-1080-dark.png` });
      await projection.keyboard.press('t');
      await projection.keyboard.press('h');
      await projection.getByText('Names hidden', { exact: true }).waitFor({ state: 'detached' });
      for (const size of [
        { width: 1280, height: 720 },
        { width: 1920, height: 1080 },
      ]) {
        await projection.setViewportSize(size);
        const fit = await projection.evaluate(() => {
          const root = document.querySelector<HTMLElement>('.projection');
          const legend = document.querySelector<HTMLElement>('.projection .legend');
          return {
            pageScrolls: document.documentElement.scrollHeight > window.innerHeight,
            rootOverflows: root ? root.scrollHeight > root.clientHeight : true,
            legendBottom: legend?.getBoundingClientRect().bottom ?? Infinity,
          };
        });
        expect(fit.pageScrolls).toBe(false);
        expect(fit.rootOverflows).toBe(false);
        expect(fit.legendBottom).toBeLessThanOrEqual(size.height);
        if (size.width === 1280) await projection.screenshot({ path: `${SCREENSHOT_DIR}/parallax-present-720.png` });
      }

      // Escape stops following; the offer to follow comes back.
      const meeting = ravi.getByRole('region', { name: 'Review meeting' });
      await ravi.locator('body').press('Escape');
      await meeting.getByRole('button', { name: 'Follow the facilitator' }).waitFor();

      expect(pageErrors).toEqual([]);
    },
  );
});
