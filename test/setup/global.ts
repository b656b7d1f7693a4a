/**
 * Once per test run: decide which real services the integration suites may use, and give PostgreSQL suites a fresh
 * database of their own so runs never see each other's rows. Suites read the results with `inject()`.
 */
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';

// ProvidedContext (postgresUrl, postgresSkipReason, redisUrl) is declared in packages/testing/src/services.ts.
import type * as _providedContext from '@parallax/testing';

const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';

let dropDatabase: (() => Promise<void>) | undefined;

export async function setup(project: TestProject): Promise<void> {
  const adminUrl = process.env.DATABASE_URL ?? DEFAULT_POSTGRES;
  const name = `parallax_test_${Date.now().toString(36)}_${process.pid}`;
  let postgresUrl: string | null = null;
  let reason = '';
  const admin = postgres(adminUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    postgresUrl = url.toString();
    dropDatabase = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  } catch (error) {
    await admin.end({ timeout: 1 }).catch(() => {});
    reason = `no PostgreSQL at ${redact(adminUrl)} (${(error as Error).message})`;
    if (process.env.DATABASE_URL) throw new Error(`DATABASE_URL is set but unusable: ${reason}`);
    console.warn(`\n*** SKIPPING PostgreSQL suites: ${reason}. Set DATABASE_URL to run them. ***\n`);
  }
  project.provide('postgresUrl', postgresUrl);
  project.provide('postgresSkipReason', reason);
  project.provide('redisUrl', process.env.REDIS_URL ?? null);
}

export async function teardown(): Promise<void> {
  await dropDatabase?.();
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}
