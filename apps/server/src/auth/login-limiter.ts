import type { LoginAttemptRepository } from '@parallax/db';

export interface LoginLimits {
  windowMs: number;
  /** Failures per account within the window: stops guessing one person's password. */
  perAccount: number;
  /** Failures per client address within the window: stops one machine guessing across many accounts. */
  perAddress: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { windowMs: 15 * 60 * 1000, perAccount: 10, perAddress: 50 };

/** Who is trying: the normalised email, and the client address when the transport knows it. */
export interface LoginSubject {
  email: string;
  address: string | null;
}

/**
 * Limits password guessing. Failures are kept in the database (LoginAttemptRepository) so several processes behind
 * a load balancer count them together; a blocked attempt is refused before any password is checked.
 */
export class LoginLimiter {
  readonly #attempts: LoginAttemptRepository;
  readonly #limits: LoginLimits;

  constructor(attempts: LoginAttemptRepository, limits: LoginLimits = DEFAULT_LOGIN_LIMITS) {
    this.#attempts = attempts;
    this.#limits = limits;
  }

  /** Seconds until the subject may try again, or null when it may try now. */
  async retryAfterSeconds(subject: LoginSubject): Promise<number | null> {
    const limits = this.#limitsFor(subject);
    const windows = await this.#attempts.recentFailures(
      limits.map(([key]) => key),
      this.#limits.windowMs,
    );
    let waitMs = 0;
    for (const [key, limit] of limits) {
      const window = windows.get(key);
      if (!window || window.count < limit || !window.oldestAt) continue;
      // The window frees a slot when its oldest failure ages out. The database counted it as inside the window, so
      // even a skewed clock here must not let the attempt through.
      waitMs = Math.max(waitMs, 1000, window.oldestAt.getTime() + this.#limits.windowMs - Date.now());
    }
    return waitMs > 0 ? Math.ceil(waitMs / 1000) : null;
  }

  recordFailure(subject: LoginSubject): Promise<void> {
    return this.#attempts.recordFailure(
      this.#limitsFor(subject).map(([key]) => key),
      this.#limits.windowMs,
    );
  }

  /** The right password clears the account's failures; the address keeps its count. */
  recordSuccess(subject: LoginSubject): Promise<void> {
    return this.#attempts.clear(accountKey(subject.email));
  }

  /** Housekeeping: forget failures that no longer count. */
  prune(): Promise<number> {
    return this.#attempts.prune(this.#limits.windowMs);
  }

  #limitsFor(subject: LoginSubject): [key: string, limit: number][] {
    const limits: [string, number][] = [[accountKey(subject.email), this.#limits.perAccount]];
    if (subject.address) limits.push([`address:${subject.address}`, this.#limits.perAddress]);
    return limits;
  }
}

function accountKey(email: string): string {
  return `email:${email}`;
}
