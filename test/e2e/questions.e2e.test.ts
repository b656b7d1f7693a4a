/**
 * Open questions in three browsers: asked about an event in its open card or about the whole incident in the
 * Questions tab, assigned, answered and settled live between an owner and an editor, the open count in the tab bar
 * following along, a bad evidence link refused, and a viewer who reads it all without anything that edits.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumSkipReason, launchChromium } from '../support/chromium.ts';
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

describe.skipIf(skipReason !== null)('open questions in three browsers', () => {
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
  const questionsTab = (page: Page) => page.getByRole('tab', { name: /^Questions/ });
  const questionCard = (scope: Page | Locator, text: RegExp) => scope.getByRole('article', { name: text });
  const badge = (card: Locator) => card.locator('.status-badge');
  const answer = (card: Locator) => card.getByRole('textbox', { name: 'Answer' });
  const evidence = (card: Locator) => card.getByRole('region', { name: 'Evidence' }).getByRole('link');
  const FAILOVER = /^Question: Why did the failover take 4 minutes\?$/;
  const WHOLE = /^Question: Who decided to fail over rather than wait\?$/;

  it(
    'is asked about an event, assigned, answered and settled live, with the open count in every tab bar',
    { timeout: 150_000 },
    async () => {
      const alicePerson = await openPerson('Alice Owner');
      const bobPerson = await openPerson('Bob Editor');
      const carolPerson = await openPerson('Carol Viewer');
      const alicesSession = await sessionOf(alicePerson);
      const incidentId = await createIncident(server, alicesSession, 'Primary database failover');
      await addMember(server, alicesSession, incidentId, bobPerson, 'editor');
      await addMember(server, alicesSession, incidentId, carolPerson, 'viewer');
      const alice = alicePerson.page;
      const bob = bobPerson.page;
      const carol = carolPerson.page;
      const incidentUrl = `${server.url}/incidents/${incidentId}`;

      // Bob and Carol sit on the Questions tab; nothing has been asked yet, and the empty state says what to do.
      await alice.goto(incidentUrl);
      await bob.goto(`${incidentUrl}?tab=questions`);
      await carol.goto(`${incidentUrl}?tab=questions`);
      await savedPill(alice).waitFor({ timeout: SYNC_TIMEOUT });
      await bob.getByText('No questions yet.').waitFor({ timeout: SYNC_TIMEOUT });
      await bob.getByText('or open an event on the timeline and ask about it there').waitFor();
      await carol.getByText('Questions people ask about this incident appear here as they ask them.').waitFor();
      expect(await carol.getByLabel('Ask a question about the whole incident').count()).toBe(0);

      // Alice adds the event and opens it.
      const addEvent = alice.getByRole('region', { name: 'Add event' });
      await addEvent.getByLabel('Time', { exact: true }).fill('2025-03-04 14:03');
      await addEvent.getByLabel('Kind').selectOption('repair');
      await addEvent.getByLabel('Actor').fill('dba-oncall');
      await addEvent.getByLabel('What happened').fill('Failover to the replica in eu-west-1 completed');
      await addEvent.getByRole('button', { name: 'Add', exact: true }).click();
      const alicesEvent = alice.getByRole('article', { name: /^Repair at 14:03 UTC — dba-oncall$/ });
      await alicesEvent.getByRole('button', { name: 'Edit' }).click();
      const eventQuestions = alicesEvent.getByRole('region', { name: 'Questions about this event' });

      // Asking with nothing typed says why nothing happened.
      await eventQuestions.getByRole('button', { name: 'Ask', exact: true }).click();
      await eventQuestions.getByRole('alert').filter({ hasText: 'A question needs its text.' }).waitFor();

      // She asks her question about the event and gives it to Bob; she is recorded as the asker.
      await eventQuestions.getByLabel('Ask a question about this event').fill('Why did the failover take 4 minutes?');
      await eventQuestions.getByRole('button', { name: 'Ask', exact: true }).click();
      const alicesQuestion = questionCard(eventQuestions, FAILOVER);
      await alicesQuestion.waitFor();
      expect(await eventQuestions.getByRole('alert').count()).toBe(0);
      await alicesQuestion.getByText('Asked by Alice Owner').waitFor();
      expect(await badge(alicesQuestion).textContent()).toBe('Open');
      await alicesQuestion.getByLabel('Owner').selectOption({ label: 'Bob Editor' });

      // Bob sees it appear live, his, and the open count in his tab bar.
      const bobsQuestion = questionCard(bob, FAILOVER);
      await bobsQuestion.waitFor({ timeout: SYNC_TIMEOUT });
      await expect
        .poll(
          () =>
            bobsQuestion.getByLabel('Owner').evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.text),
          {
            timeout: SYNC_TIMEOUT,
          },
        )
        .toBe('Bob Editor (you)');
      await bobsQuestion.getByText('Asked by Alice Owner').waitFor();
      await bobsQuestion.getByText(/About 14:03 UTC · Failover to the replica in eu-west-1 completed/).waitFor();
      await bob.getByRole('tab', { name: 'Questions 1 open' }).waitFor({ timeout: SYNC_TIMEOUT });
      await alice.getByRole('tab', { name: 'Questions 1 open' }).waitFor();
      await alicesEvent.getByText('1 open question', { exact: true }).waitFor();
      // "Mine" finds it for Bob.
      await bob.locator('#questions-owner').selectOption('mine');
      await bobsQuestion.waitFor();
      await bob.locator('#questions-owner').selectOption('unassigned');
      await bobsQuestion.waitFor({ state: 'detached' });
      await bob.getByText('No question matches these filters.').waitFor();
      await bob.locator('#questions-owner').selectOption('anyone');

      // Bob types the answer and marks it answered; it stays in his list (he just changed it), marked answered.
      await answer(bobsQuestion).click();
      await bob.keyboard.type('The health check waits for three missed heartbeats, 60 s apart.');
      await bobsQuestion.getByRole('radio', { name: 'Answered' }).check();
      expect(await badge(bobsQuestion).textContent()).toBe('Answered');
      await bob.getByRole('tab', { name: 'Questions', exact: true }).waitFor();

      // Alice sees the answer and the status arrive, and her open count drop to none.
      await expect
        .poll(() => editorText(answer(alicesQuestion)), { timeout: SYNC_TIMEOUT })
        .toBe('The health check waits for three missed heartbeats, 60 s apart.');
      await expect.poll(() => badge(alicesQuestion).textContent(), { timeout: SYNC_TIMEOUT }).toBe('Answered');
      expect(await alicesQuestion.getByRole('radio', { name: 'Answered' }).isChecked()).toBe(true);
      await alice.getByRole('tab', { name: 'Questions', exact: true }).waitFor({ timeout: SYNC_TIMEOUT });
      expect(await alicesEvent.getByText(/open question/).count()).toBe(0);
      await alicesEvent.screenshot({ path: `${SCREENSHOT_DIR}/parallax-questions-event.png` });
      await alicesEvent.getByRole('button', { name: 'Done' }).click();

      // In her Questions tab the answered question waits behind the Open filter, which says so.
      await questionsTab(alice).click();
      await alice.getByText('No open questions.').waitFor();
      const statusFilter = alice.getByRole('group', { name: 'Status' });
      expect(await statusFilter.getByRole('button').allTextContents()).toEqual([
        expect.stringMatching(/^\s*Open\s*0\s*$/),
        expect.stringMatching(/^\s*Answered\s*1\s*$/),
        expect.stringMatching(/^\s*Parked\s*0\s*$/),
        expect.stringMatching(/^\s*All\s*1\s*$/),
      ]);

      // She asks one about the whole incident from the top of the tab; Bob's count goes back to one.
      await alice
        .getByLabel('Ask a question about the whole incident')
        .fill('Who decided to fail over rather than wait?');
      await alice.getByLabel('Ask a question about the whole incident').press('Enter');
      const alicesWhole = questionCard(alice, WHOLE);
      await alicesWhole.getByText('Whole incident').waitFor();
      const bobsWhole = questionCard(bob, WHOLE);
      await bobsWhole.getByText('Whole incident').waitFor({ timeout: SYNC_TIMEOUT });
      await bob.getByRole('tab', { name: 'Questions 1 open' }).waitFor({ timeout: SYNC_TIMEOUT });
      // Open first: the whole-incident question comes before Bob's answered one.
      expect(
        await bob
          .getByRole('list', { name: 'Questions' })
          .getByRole('article')
          .evaluateAll((cards) => cards.map((card) => card.querySelector('h3')?.textContent)),
      ).toEqual([
        'Question: Who decided to fail over rather than wait?',
        'Question: Why did the failover take 4 minutes?',
      ]);

      // A link that is not one is refused with the reason, and nothing is stored; a real one reaches Bob.
      const linkInput = alicesWhole.getByLabel('Evidence link');
      await linkInput.fill('not a url');
      await alicesWhole.getByRole('button', { name: 'Add', exact: true }).click();
      const linkAlert = alicesWhole.getByRole('alert');
      await linkAlert.waitFor();
      expect(await linkAlert.textContent()).toBe(
        'Could not add “not a url”: Expected an http(s) URL. Paste the full address, starting with https:// or http://.',
      );
      expect(await linkInput.getAttribute('aria-invalid')).toBe('true');
      expect(await evidence(alicesWhole).count()).toBe(0);
      await linkInput.fill('https://grafana.example.com/d/failover?from=1741096800000');
      await alicesWhole.getByRole('button', { name: 'Add', exact: true }).click();
      await linkAlert.waitFor({ state: 'detached' });
      await evidence(bobsWhole).first().waitFor({ timeout: SYNC_TIMEOUT });
      expect(await evidence(bobsWhole).evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual([
        'https://grafana.example.com/d/failover?from=1741096800000',
      ]);

      // Carol, a viewer, reads both live and can change nothing.
      await statusFilter.getByRole('button', { name: /^All/ }).click();
      await carol.getByRole('group', { name: 'Status' }).getByRole('button', { name: /^All/ }).click();
      const carolsQuestion = questionCard(carol, FAILOVER);
      await expect
        .poll(() => editorText(answer(carolsQuestion)), { timeout: SYNC_TIMEOUT })
        .toBe('The health check waits for three missed heartbeats, 60 s apart.');
      await carolsQuestion.locator('.owner').getByText('Bob Editor', { exact: true }).waitFor();
      expect(await answer(carolsQuestion).getAttribute('contenteditable')).toBe('false');
      expect(await carol.getByRole('radio').count()).toBe(0);
      expect(await carol.getByRole('button', { name: 'Delete question' }).count()).toBe(0);
      expect(await carol.getByLabel('Evidence link').count()).toBe(0);
      await carol.getByRole('tab', { name: 'Questions 1 open' }).waitFor();

      await savedPill(alice).waitFor({ timeout: SYNC_TIMEOUT });
      await alice.mouse.move(0, 0);
      await alice.screenshot({ path: `${SCREENSHOT_DIR}/parallax-questions.png` });
      await alice.emulateMedia({ colorScheme: 'dark' });
      // Buttons fade their background over a tenth of a second; the picture should show where they end up.
      await alice.waitForTimeout(300);
      await alice.screenshot({ path: `${SCREENSHOT_DIR}/parallax-questions-dark.png` });
      await alice.emulateMedia({ colorScheme: 'light' });

      // "Show in timeline" takes Alice to the event, focused.
      await questionCard(alice, FAILOVER).getByRole('button', { name: 'Show in timeline' }).click();
      const shown = alice.getByRole('article', { name: /^Repair at 14:03 UTC — dba-oncall$/ });
      await shown.waitFor();
      await expect.poll(() => shown.evaluate((card) => card === document.activeElement)).toBe(true);
      expect(await alice.getByRole('tab', { name: 'Timeline' }).getAttribute('aria-selected')).toBe('true');

      // Back on the Questions tab (its filter as she left it), she deletes a question and takes it back.
      await questionsTab(alice).click();
      await questionCard(alice, WHOLE).getByRole('button', { name: 'Delete question' }).click();
      await questionCard(bob, WHOLE).waitFor({ state: 'detached', timeout: SYNC_TIMEOUT });
      await bob.getByRole('tab', { name: 'Questions', exact: true }).waitFor({ timeout: SYNC_TIMEOUT });
      const deleted = alice.getByRole('status').filter({ hasText: 'Deleted the question “Who decided to fail over' });
      await deleted.getByRole('button', { name: 'Undo' }).click();
      await questionCard(bob, WHOLE).waitFor({ timeout: SYNC_TIMEOUT });
      await expect.poll(() => evidence(questionCard(bob, WHOLE)).count(), { timeout: SYNC_TIMEOUT }).toBe(1);
      await bob.getByRole('tab', { name: 'Questions 1 open' }).waitFor({ timeout: SYNC_TIMEOUT });

      expect(pageErrors).toEqual([]);
    },
  );
});
