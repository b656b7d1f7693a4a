import type { RetryOptions } from './options.ts';

/** Exponential backoff for store retries: initialMs, doubling per consecutive failure, capped at maxMs. */
export class Backoff {
  private failures = 0;
  private readonly options: RetryOptions;

  constructor(options: RetryOptions) {
    this.options = options;
  }

  /** The delay to wait after one more failure. */
  next(): number {
    const delay = Math.min(this.options.initialMs * 2 ** this.failures, this.options.maxMs);
    this.failures++;
    return delay;
  }

  get attempts(): number {
    return this.failures;
  }

  reset(): void {
    this.failures = 0;
  }
}
