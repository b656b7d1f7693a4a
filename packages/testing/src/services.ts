import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A fresh, empty database for this run (made by test/setup/global.ts), or null when none is reachable. */
    postgresUrl: string | null;
    /** Why PostgreSQL suites skip, when they do. */
    postgresSkipReason: string;
    redisUrl: string | null;
  }
}

/**
 * The run's fresh PostgreSQL database, or null after printing loudly why the suite skips. In CI
 * (PARALLAX_REQUIRE_ALL_SUITES set) a missing database fails the suite instead of skipping it.
 */
export function postgresUrlOrSkip(suite: string): string | null {
  const url = inject('postgresUrl');
  if (url) return url;
  const reason = inject('postgresSkipReason');
  if (process.env.PARALLAX_REQUIRE_ALL_SUITES) throw new Error(`${suite}: PostgreSQL is required in CI: ${reason}`);
  console.warn(`\n*** SKIPPING ${suite} on PostgreSQL: ${reason}. ***\n`);
  return null;
}
