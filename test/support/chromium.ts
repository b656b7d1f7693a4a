import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Why browser suites cannot run here, or null when they can. CI sets PARALLAX_REQUIRE_ALL_SUITES, where a missing
 * browser is a failure rather than a skip.
 */
export function chromiumSkipReason(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  const reason = `Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium)`;
  if (process.env.PARALLAX_REQUIRE_ALL_SUITES) throw new Error(`${reason}; CI requires every suite to run.`);
  console.warn(`\n*** SKIPPING browser suite: ${reason}. ***\n`);
  return reason;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
