/**
 * The timeline editor in Chromium with a 10,000-event incident: how long until the timeline is on screen (first
 * visit, from the server; second visit, with the browser's IndexedDB copy), and how long a keystroke in an event's
 * text takes to reach the screen. Latency is measured in the page: from each `beforeinput` event's timestamp to
 * the frame after it (requestAnimationFrame, then a message posted from it, which runs once that frame is painted).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { buildIncidentDoc } from '@parallax/testing';
import { CHROMIUM_PATH, launchChromium } from '../support/chromium.ts';
import { repoRoot, spawnServer } from '../support/process.ts';
import { connectClient } from '../support/clients.ts';
import { createIncident, signUp } from '../support/server.ts';

export interface BenchRow {
  benchmark: string;
  driver: string;
  result: string;
}

const EVENTS = 10_000;
const KEYSTROKES = 120;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

declare global {
  interface Window {
    /** performance.now() when the first event card appeared (set by the init script below). */
    __firstCard?: number;
    __latencies?: number[];
  }
}

export async function editorBench(driver: { name: string; databaseUrl?: string }): Promise<BenchRow[]> {
  if (!existsSync(CHROMIUM_PATH)) {
    console.warn(`editor benchmark skipped: no Chromium at ${CHROMIUM_PATH}`);
    return [];
  }
  if (!existsSync(join(repoRoot, 'apps/web/build/index.html'))) throw new Error('build the web app first');
  const dataDir = await mkdtemp(join(tmpdir(), 'parallax-bench-editor-'));
  const rows: BenchRow[] = [];
  try {
    // The reader owns the incident (so they may type); its 10,000 events go in through a sync client, then the
    // server restarts so the first visit loads the incident from the store, as a long-lived incident would be.
    let server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: driver.databaseUrl, LOG_LEVEL: 'warn' });
    const session = await signUp(server, { name: 'Bench Reader' });
    const incidentId = await createIncident(server, session, 'Editor bench');
    const writer = connectClient(server.url, incidentId, session);
    await writer.synced();
    Y.applyUpdate(writer.doc, Y.encodeStateAsUpdate(buildIncidentDoc({ events: EVENTS, seed: 5 })));
    await writer.saved();
    writer.destroy();
    await server.stop();
    server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: driver.databaseUrl, LOG_LEVEL: 'warn' });
    const browser = await launchChromium();
    try {
      const [name = '', value = ''] = session.cookie.split('=');
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'UTC' });
      await context.addCookies([{ name, value, url: server.url }]);
      await context.addInitScript(() => {
        new MutationObserver((_, observer) => {
          if (document.querySelector('article[data-event-id]')) {
            window.__firstCard = performance.now();
            observer.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      });
      const page = await context.newPage();
      const url = `${server.url}/incidents/${incidentId}`;

      const firstVisit = async () => {
        await page.goto(url);
        await page.getByText(`${EVENTS.toLocaleString('en')} events`).waitFor({ timeout: 120_000 });
        return page.evaluate(() => window.__firstCard ?? NaN);
      };
      const cold = await firstVisit();
      // The second visit finds the incident in IndexedDB (written during the first) and in the server's memory.
      await page.waitForTimeout(1500);
      const warm = await firstVisit();
      const rendered = await page.locator('article[data-event-id]').count();
      rows.push({
        benchmark: `editor: ${EVENTS.toLocaleString('en')}-event incident, navigation → first event card on screen`,
        driver: driver.name,
        result: `first visit ${ms(cold)}, second visit ${ms(warm)} (${rendered} cards in the DOM)`,
      });

      // Type into an event in the middle of the timeline.
      await page.getByRole('feed').locator('article').first().focus();
      for (let i = 0; i < 3; i += 1) await page.keyboard.press('PageDown');
      // PageDown scrolls smoothly: let it land before picking a card.
      await page.waitForTimeout(800);
      const id = await page.getByRole('feed').locator('article').nth(3).getAttribute('data-event-id');
      const middle = page.locator(`article[data-event-id="${id}"]`);
      await middle.getByRole('button', { name: 'Edit' }).click();
      const text = middle.getByRole('textbox', { name: 'Event text' });
      await text.press('Control+End');
      await text.evaluate((content) => {
        window.__latencies = [];
        content.addEventListener('beforeinput', (event) => {
          const started = event.timeStamp;
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => window.__latencies?.push(performance.now() - started);
            channel.port2.postMessage(null);
          });
        });
      });
      const words = 'the replica lag kept growing while the failover was paused ';
      for (let i = 0; i < KEYSTROKES; i += 1) {
        await page.keyboard.type(words[i % words.length] ?? 'x');
        await page.waitForTimeout(30);
      }
      await page.waitForTimeout(300);
      const latencies = await page.evaluate(() => window.__latencies ?? []);
      rows.push({
        benchmark: `editor: keystroke → next painted frame, typing into an event of that incident (${latencies.length} keys)`,
        driver: driver.name,
        result: `p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}`,
      });
      await context.close();
    } finally {
      await browser.close();
      await server.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  return rows;
}
