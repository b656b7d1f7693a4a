import type { RateLimit } from './options.ts';

/**
 * A token bucket: `burst` tokens, refilled continuously at `perSecond`. Reads Date.now() so tests drive it with
 * fake timers.
 */
export class TokenBucket {
  private readonly limit: RateLimit;
  private tokens: number;
  private updatedAt: number;

  constructor(limit: RateLimit) {
    this.limit = limit;
    this.tokens = limit.burst;
    this.updatedAt = Date.now();
  }

  /** Takes a token if one is available. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until the next token is available (0 when one is). */
  waitMs(): number {
    this.refill();
    if (this.tokens >= 1) return 0;
    if (this.limit.perSecond <= 0) return Number.POSITIVE_INFINITY;
    return Math.ceil(((1 - this.tokens) * 1000) / this.limit.perSecond);
  }

  private refill(): void {
    const now = Date.now();
    const elapsed = Math.max(0, now - this.updatedAt);
    this.updatedAt = now;
    this.tokens = Math.min(this.limit.burst, this.tokens + (elapsed * this.limit.perSecond) / 1000);
  }
}
