import type { Logger } from '../logger.ts';
import type { LoginLimiter } from './login-limiter.ts';
import type { SessionManager } from './session-manager.ts';

/** Expired sessions and old login failures are useless rows; once an hour is plenty to keep the tables small. */
const HOUSEKEEPING_INTERVAL_MS = 60 * 60 * 1000;

/** Starts the periodic clean-up; returns the function that stops it. */
export function startAuthHousekeeping(options: {
  sessions: SessionManager;
  loginLimiter: LoginLimiter;
  logger: Logger;
  intervalMs?: number;
}): () => void {
  const { sessions, loginLimiter, logger } = options;
  const run = async () => {
    const [expiredSessions, oldFailures] = await Promise.all([sessions.pruneExpired(), loginLimiter.prune()]);
    if (expiredSessions + oldFailures > 0) logger.debug({ expiredSessions, oldFailures }, 'auth housekeeping');
  };
  const timer = setInterval(() => {
    run().catch((err: unknown) => logger.warn({ err }, 'auth housekeeping failed; retrying next hour'));
  }, options.intervalMs ?? HOUSEKEEPING_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
