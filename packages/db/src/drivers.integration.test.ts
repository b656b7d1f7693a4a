import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from './data-dir-lock.ts';
import { DatabaseUnavailableError, redactUrl } from './errors.ts';
import { openDatabase } from './open-database.ts';
import type { SqlClient } from './sql.ts';
import { databaseTargets, tempDir } from './test-databases.ts';
import type { FreshDatabase } from './test-databases.ts';

for (const target of databaseTargets('SqlClient drivers')) {
  describe.skipIf(!target.available)(`SqlClient on ${target.name}`, () => {
    let database: FreshDatabase;
    let sql: SqlClient;

    beforeAll(async () => {
      database = await target.fresh();
      sql = database.sql;
      await sql.exec('create table items (id int primary key, data bytea, big bigint, at timestamptz)');
    });

    afterAll(async () => {
      await database?.dispose();
    });

    it('says which driver it is', () => {
      expect(sql.driver).toBe(target.driver);
    });

    it('returns bytea as a plain Uint8Array, int8 as a number and timestamptz as a Date', async () => {
      const at = new Date('2024-03-05T06:07:08.009Z');
      await sql.query('insert into items values ($1, $2, $3, $4)', [1, Uint8Array.of(0, 0x5c, 255), 2 ** 40, at]);
      const [row] = await sql.query('select data, big, at, count(*) over () as n from items where id = 1');
      expect(row).toEqual({ data: Uint8Array.of(0, 0x5c, 255), big: 2 ** 40, at, n: 1 });
      expect(Object.getPrototypeOf(row?.data)).toBe(Uint8Array.prototype);
    });

    it('binds a Uint8Array view by its own bytes, not its whole buffer', async () => {
      const backing = Uint8Array.of(9, 9, 1, 2, 3, 9);
      await sql.query('insert into items (id, data) values ($1, $2)', [2, backing.subarray(2, 5)]);
      expect(await sql.query('select data from items where id = 2')).toEqual([{ data: Uint8Array.of(1, 2, 3) }]);
    });

    it('binds JS arrays as PostgreSQL arrays', async () => {
      const rows = await sql.query('select ord, b from unnest($1::bytea[]) with ordinality as u(b, ord) order by ord', [
        [Uint8Array.of(1), Uint8Array.of(0x22, 0x2c, 0x5c), Uint8Array.of()],
      ]);
      expect(rows).toEqual([
        { ord: 1, b: Uint8Array.of(1) },
        { ord: 2, b: Uint8Array.of(0x22, 0x2c, 0x5c) },
        { ord: 3, b: Uint8Array.of() },
      ]);
      expect(
        await sql.query('select $1::text[] as t, $2::int[] as i', [
          ['a', 'b"c'],
          [1, 2],
        ]),
      ).toEqual([{ t: ['a', 'b"c'], i: [1, 2] }]);
    });

    it('binds undefined as null', async () => {
      expect(await sql.query('select $1::text is null as missing', [undefined])).toEqual([{ missing: true }]);
    });

    it('commits a transaction that resolves and rolls back one that throws', async () => {
      const result = await sql.transaction(async (tx) => {
        await tx.query('insert into items (id) values ($1)', [10]);
        return 'done';
      });
      expect(result).toBe('done');
      await expect(
        sql.transaction(async (tx) => {
          await tx.query('insert into items (id) values ($1)', [11]);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(await sql.query('select id from items where id in (10, 11)')).toEqual([{ id: 10 }]);
    });

    it('keeps queries from outside a transaction out of it', async () => {
      let started!: () => void;
      const inside = new Promise<void>((resolve) => (started = resolve));
      const transaction = sql.transaction(async (tx) => {
        await tx.query('insert into items (id) values ($1)', [20]);
        started();
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error('roll back');
      });
      await inside;
      // On PGlite this waits for the transaction; on PostgreSQL it runs on another connection. Either way the
      // rollback must not take this insert with it.
      const outside = sql.query('insert into items (id) values ($1)', [21]);
      await expect(transaction).rejects.toThrow('roll back');
      await outside;
      expect(await sql.query('select id from items where id in (20, 21)')).toEqual([{ id: 21 }]);
    });

    it('runs scripts of several statements', async () => {
      await sql.exec('create table script_a (id int); create table script_b (id int); insert into script_b values (1)');
      expect(await sql.query('select id from script_b')).toEqual([{ id: 1 }]);
    });

    if (target.driver === 'postgres') {
      it('can be closed twice', async () => {
        const other = await database.open();
        await other.close();
        await other.close();
      });
    }
  });
}

describe('openDatabase failures', () => {
  it('reports an unreachable PostgreSQL as DatabaseUnavailableError without the password', async () => {
    const error = await openDatabase({
      databaseUrl: 'postgres://parallax:s3cret@127.0.0.1:1/parallax',
      connectTimeoutSeconds: 2,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toContain('127.0.0.1:1');
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect((error as Error).message).not.toContain('s3cret');
    expect((error as DatabaseUnavailableError).target).toBe('postgres://parallax:***@127.0.0.1:1/parallax');
  });

  it('redacts passwords from URLs', () => {
    expect(redactUrl('postgres://u:p%40ss@db.example:5432/x?sslmode=require')).toBe(
      'postgres://u:***@db.example:5432/x?sslmode=require',
    );
    expect(redactUrl('postgres://u@db/x')).toBe('postgres://u@db/x');
  });

  it('reports a data directory that cannot be created as DatabaseUnavailableError', async () => {
    const dir = await tempDir('not-a-dir');
    try {
      const file = join(dir.path, 'file');
      await writeFile(file, 'x');
      await expect(openDatabase({ dataDir: join(file, 'data') })).rejects.toBeInstanceOf(DatabaseUnavailableError);
    } finally {
      await dir.remove();
    }
  });

  it('refuses a PGlite data directory another live process holds, and takes over a dead one', async () => {
    const dir = await tempDir('locked');
    try {
      // The parent of this test process is alive and is not us: a live holder.
      await writeFile(join(dir.path, LOCK_FILE), JSON.stringify({ pid: process.ppid, hostname: hostname() }));
      const error = await openDatabase({ dataDir: dir.path }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect((error as Error).message).toMatch(/in use by process/);

      await writeFile(join(dir.path, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 1, hostname: hostname() }));
      const sql = await openDatabase({ dataDir: dir.path });
      await expect(openDatabase({ dataDir: dir.path })).rejects.toThrow(/already open in this process/);
      await sql.close();
      await sql.close();
      const again = await openDatabase({ dataDir: dir.path });
      await again.close();
    } finally {
      await dir.remove();
    }
  });
});
