/**
 * Fresh databases for the integration suites: a PGlite data directory in a temp folder (always), and a schema of
 * its own in the run's PostgreSQL database (when test/setup/global.ts found a server). Parallel files therefore
 * never see each other's tables, while each test still uses ids of its own.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll } from 'vitest';
import { postgresUrlOrSkip } from '@parallax/testing';
import { openDatabase } from './open-database.ts';
import type { SqlClient } from './sql.ts';

export interface FreshDatabase {
  sql: SqlClient;
  /** Opens another client on the same database (PGlite: only once `sql` is closed). */
  open(): Promise<SqlClient>;
  /** Closes `sql` and deletes the database. */
  dispose(): Promise<void>;
}

export interface DatabaseTarget {
  name: 'PGlite' | 'PostgreSQL';
  driver: 'pglite' | 'postgres';
  /** False when the suite must skip; the reason has been printed already. */
  available: boolean;
  fresh(): Promise<FreshDatabase>;
}

/** Call at the top level of a test file: it registers the file's clean-up. */
export function databaseTargets(suite: string): DatabaseTarget[] {
  afterAll(removePgliteTemplate);
  const postgresUrl = postgresUrlOrSkip(suite);
  return [
    { name: 'PGlite', driver: 'pglite', available: true, fresh: freshPglite },
    {
      name: 'PostgreSQL',
      driver: 'postgres',
      available: postgresUrl !== null,
      fresh: () => {
        if (postgresUrl === null) throw new Error('PostgreSQL is not available in this run');
        return freshPostgresSchema(postgresUrl);
      },
    },
  ];
}

export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `parallax-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/**
 * initdb takes PGlite seconds of CPU, so each file runs it once into a template directory and copies that for every
 * fresh database (a copy opens in a fraction of the time). Module state is per test file in vitest.
 */
let pgliteTemplate: Promise<{ path: string; remove(): Promise<void> }> | undefined;

function templateDir(): Promise<{ path: string; remove(): Promise<void> }> {
  pgliteTemplate ??= (async () => {
    const dir = await tempDir('pglite-template');
    const sql = await openDatabase({ dataDir: dir.path });
    await sql.close();
    return dir;
  })();
  return pgliteTemplate;
}

async function removePgliteTemplate(): Promise<void> {
  const template = pgliteTemplate;
  pgliteTemplate = undefined;
  await (await template)?.remove();
}

async function freshPglite(): Promise<FreshDatabase> {
  const template = await templateDir();
  const dir = await tempDir('pglite');
  await cp(template.path, dir.path, { recursive: true });
  const sql = await openDatabase({ dataDir: dir.path });
  return {
    sql,
    open: () => openDatabase({ dataDir: dir.path }),
    dispose: async () => {
      await sql.close();
      await dir.remove();
    },
  };
}

async function freshPostgresSchema(runUrl: string): Promise<FreshDatabase> {
  const schema = `t_${crypto.randomUUID().replaceAll('-', '')}`;
  const admin = postgres(runUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create schema ${schema}`);
  // postgres.js sends unknown URL parameters as startup parameters, so every connection starts in the schema.
  const url = new URL(runUrl);
  url.searchParams.set('search_path', schema);
  const sql = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  return {
    sql,
    open: () => openDatabase({ databaseUrl: url.toString(), poolSize: 4 }),
    dispose: async () => {
      await sql.close();
      await admin.unsafe(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}
