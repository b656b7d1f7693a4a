import type { RunningParallax } from '../server.ts';
import type { DemoAccount } from './demo-account.ts';

/**
 * Tells the person who ran `npm start` how to get in: one plain line on stderr (stdout carries the JSON logs, which
 * are hard to read in a terminal) and the same facts in the structured log.
 */
export function announceDemo(parallax: Pick<RunningParallax, 'url' | 'logger'>, account: DemoAccount): void {
  const { url, logger } = parallax;
  if (account.password === null) {
    logger.info({ url, email: account.user.email }, 'demo account exists; its password is no longer the stored one');
    return;
  }
  const kept = account.file ? `(kept in ${account.file})` : '(shown only this once: it could not be stored)';
  process.stderr.write(
    `\nParallax is running at ${url} — sign in with the demo account ${account.user.email} / ` +
      `password ${account.password} ${kept}\n\n`,
  );
  logger.info({ url, email: account.user.email, password: account.password, file: account.file }, 'demo account');
}
