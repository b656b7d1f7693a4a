import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MigrationMismatchError, SchemaTooNewError } from './errors.ts';
import { migrate, migrationLabel } from './migrate.ts';
import { migrations } from './migrations/index.ts';
import type { Migration } from './migrations/index.ts';
import { databaseTargets } from './test-databases.ts';
import type { FreshDatabase } from './test-databases.ts';

const future: Migration = { id: 900, name: 'from_the_future', sql: 'create table from_the_future (id int)' };

describe('migration list', () => {
  it('is in ascending order with unique ids, and names that can label a file', () => {
    const ids = migrations.map((migration) => migration.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    for (const migration of migrations) expect(migration.name).toMatch(/^[a-z0-9_]+$/);
  });
});

for (const target of databaseTargets('migrate')) {
  describe.skipIf(!target.available)(`migrate on ${target.name}`, () => {
    const opened: FreshDatabase[] = [];
    const fresh = async () => {
      const database = await target.fresh();
      opened.push(database);
      return database;
    };

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((database) => database.dispose()));
    });

    it('applies every migration once, records it, and applies nothing on a second run', async () => {
      const { sql } = await fresh();
      expect(await migrate(sql)).toEqual({ applied: migrations.map(migrationLabel) });
      expect(await migrate(sql)).toEqual({ applied: [] });

      const recorded = await sql.query<{ version: number; name: string; applied_at: Date }>(
        'select version, name, applied_at from schema_migrations order by version',
      );
      expect(recorded.map(({ version, name }) => ({ version, name }))).toEqual(
        migrations.map(({ id, name }) => ({ version: id, name })),
      );
      expect(recorded[0]?.applied_at).toBeInstanceOf(Date);
      const tables = await sql.query<{ table_name: string }>(
        `select table_name from information_schema.tables where table_schema = current_schema() order by 1`,
      );
      expect(tables.map((row) => row.table_name)).toEqual([
        'document_checkpoints',
        'document_heads',
        'document_updates',
        'feedback',
        'incident_members',
        'incident_views',
        'incidents',
        'instance_settings',
        'invites',
        'login_attempts',
        'round_reviews',
        'rounds',
        'schema_migrations',
        'sessions',
        'snapshots',
        'user_preferences',
        'users',
      ]);
    });

    it('applies only what is pending, in order', async () => {
      const { sql } = await fresh();
      const second: Migration = {
        id: 2,
        name: 'second',
        sql: 'create table second (id int); create table third (id int)',
      };
      expect(await migrate(sql, { migrations: [migrations[0]!] })).toEqual({ applied: ['0001_init'] });
      expect(await migrate(sql, { migrations: [migrations[0]!, second] })).toEqual({ applied: ['0002_second'] });
      expect(await sql.query('select count(*) as n from third')).toEqual([{ n: 0 }]);
    });

    it('rolls back a failing migration entirely and records nothing for it', async () => {
      const { sql } = await fresh();
      const broken: Migration = {
        id: 2,
        name: 'broken',
        sql: 'create table half_done (id int); select * from missing',
      };
      await expect(migrate(sql, { migrations: [migrations[0]!, broken] })).rejects.toThrow(/missing/);
      const leftovers = await sql.query(
        `select 1 from information_schema.tables where table_schema = current_schema() and table_name = 'half_done'`,
      );
      expect(leftovers).toEqual([]);
      expect(await sql.query('select version from schema_migrations')).toEqual([{ version: 1 }]);
    });

    it('refuses to run against a database migrated by a newer build', async () => {
      const { sql } = await fresh();
      await migrate(sql, { migrations: [...migrations, future] });
      const error = await migrate(sql).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SchemaTooNewError);
      expect((error as SchemaTooNewError).unknownMigrations).toEqual(['0900_from_the_future']);
      expect((error as Error).message).toMatch(/newer version/);
    });

    it('refuses a recorded migration whose name differs from this build', async () => {
      const { sql } = await fresh();
      await migrate(sql);
      const renamed = migrations.map((migration) => ({ ...migration, name: `${migration.name}_renamed` }));
      await expect(migrate(sql, { migrations: renamed })).rejects.toBeInstanceOf(MigrationMismatchError);
    });

    it('rejects a migration list that is out of order before touching the database', async () => {
      const { sql } = await fresh();
      const second: Migration = { id: 2, name: 'second', sql: 'select 1' };
      await expect(migrate(sql, { migrations: [second, migrations[0]!] })).rejects.toBeInstanceOf(
        MigrationMismatchError,
      );
      const tables = await sql.query(`select 1 from information_schema.tables where table_schema = current_schema()`);
      expect(tables).toEqual([]);
    });

    if (target.driver === 'postgres') {
      it('lets several processes migrate at once: each migration is applied exactly once', async () => {
        const database = await fresh();
        const others = await Promise.all([database.open(), database.open(), database.open()]);
        try {
          const results = await Promise.all([database.sql, ...others].map((sql) => migrate(sql)));
          expect(results.flatMap((result) => result.applied).sort()).toEqual(migrations.map(migrationLabel));
          expect(await database.sql.query('select count(*) as n from schema_migrations')).toEqual([
            { n: migrations.length },
          ]);
        } finally {
          await Promise.all(others.map((sql) => sql.close()));
        }
      });
    }
  });
}

for (const target of databaseTargets('PGlite persistence').filter((t) => t.driver === 'pglite')) {
  describe(`${target.name} data directory`, () => {
    let database: FreshDatabase;

    beforeAll(async () => {
      database = await target.fresh();
    });

    afterAll(async () => {
      await database?.dispose();
    });

    it('keeps migrations, incidents and documents across a reopen', async () => {
      await migrate(database.sql);
      await database.sql.query(`insert into incidents (title) values ('Kept')`);
      await database.sql.query(
        `insert into document_updates (doc_id, seq, update, byte_size) values ('kept', 1, $1, 3)`,
        [Uint8Array.of(1, 2, 3)],
      );
      await database.sql.close();

      const reopened = await database.open();
      try {
        expect(await migrate(reopened)).toEqual({ applied: [] });
        expect(await reopened.query('select title from incidents')).toEqual([{ title: 'Kept' }]);
        expect(await reopened.query(`select update from document_updates where doc_id = 'kept'`)).toEqual([
          { update: Uint8Array.of(1, 2, 3) },
        ]);
      } finally {
        await reopened.close();
      }
    });
  });
}
