/**
 * PGlite durability: PGlite runs PostgreSQL with fsync off on a filesystem without fsync, so PgliteClient fsyncs the
 * WAL after every committing write and the data directory around checkpoints (see PgliteClient). These tests record
 * (and can hold) every sync through the `syncPath` seam.
 */
import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from './errors.ts';
import { migrate } from './migrate.ts';
import { mayWrite, PgliteClient } from './pglite-client.ts';
import type { SyncKind } from './pglite-client.ts';
import { SqlDocumentStore } from './sql-document-store.ts';
import { silentLogger } from './sql.ts';
import { tempDir } from './test-databases.ts';

interface SyncCall {
  path: string;
  kind: SyncKind;
}

/** Records syncs; while `held`, each sync waits for release(). */
function recordingSync() {
  const calls: SyncCall[] = [];
  let held: Promise<void> | null = null;
  let release = () => {};
  let failWith: Error | null = null;
  return {
    calls,
    hold() {
      held = new Promise((resolve) => (release = resolve));
    },
    release() {
      held = null;
      release();
    },
    fail(error: Error) {
      failWith = error;
    },
    syncPath: async (path: string, kind: SyncKind) => {
      calls.push({ path, kind });
      if (held) await held;
      if (failWith) throw failWith;
    },
  };
}

const dirs: { remove(): Promise<void> }[] = [];
let template: Promise<string> | undefined;

/** A migrated data directory, copied from one template per file (initdb takes seconds). */
async function migratedDir(): Promise<string> {
  template ??= (async () => {
    const dir = await tempDir('durability-template');
    dirs.push(dir);
    const sql = await PgliteClient.open(dir.path, silentLogger);
    await migrate(sql);
    await sql.close();
    return dir.path;
  })();
  const dir = await tempDir('durability');
  dirs.push(dir);
  await cp(await template, dir.path, { recursive: true });
  return dir.path;
}

afterAll(async () => {
  for (const dir of dirs) await dir.remove();
});

async function currentWalFile(sql: PgliteClient, dataDir: string): Promise<string> {
  const [row] = await sql.query<{ name: string }>('select pg_walfile_name(pg_current_wal_insert_lsn()) as name');
  return join(dataDir, 'pg_wal', row?.name ?? '?');
}

function later(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 30));
}

/** Waits until `check` holds (the machine may be slow), failing after 10 s. */
async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in 10 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('PgliteClient durability', () => {
  it('an append resolves only after the WAL segment holding its commit was fsynced', async () => {
    const dataDir = await migratedDir();
    const sync = recordingSync();
    const sql = await PgliteClient.open(dataDir, silentLogger, { syncPath: sync.syncPath });
    try {
      const store = new SqlDocumentStore(sql);
      const wal = await currentWalFile(sql, dataDir);
      sync.calls.length = 0;
      sync.hold();
      let resolved = false;
      const append = store.append('doc', [Uint8Array.of(1, 2, 3)]).then((seq) => {
        resolved = true;
        return seq;
      });
      await until(() => sync.calls.some((call) => call.path === wal));
      await later();
      expect(resolved).toBe(false);
      sync.release();
      expect(await append).toBe(1);
    } finally {
      sync.release();
      await sql.close();
    }
  });

  it('a commit is in the WAL file on disk when it resolves, so syncing that file makes it durable', async () => {
    const dataDir = await migratedDir();
    const sql = await PgliteClient.open(dataDir, silentLogger);
    try {
      const marker = crypto.getRandomValues(new Uint8Array(32));
      await new SqlDocumentStore(sql).append('doc', [marker]);
      // PostgreSQL writes (but, with PGlite's fsync off, never syncs) the WAL at commit: the bytes are in the file.
      const wal = await readFile(await currentWalFile(sql, dataDir));
      expect(wal.indexOf(Buffer.from(marker))).toBeGreaterThan(-1);
    } finally {
      await sql.close();
    }
  });

  it('a compaction (a transaction that wrote) is fsynced before it resolves; reads sync nothing', async () => {
    const dataDir = await migratedDir();
    const sync = recordingSync();
    const sql = await PgliteClient.open(dataDir, silentLogger, { syncPath: sync.syncPath });
    try {
      const store = new SqlDocumentStore(sql);
      await store.append('doc', [Uint8Array.of(1), Uint8Array.of(2)]);
      const wal = await currentWalFile(sql, dataDir);
      sync.calls.length = 0;
      await store.load('doc');
      await store.loadSince('doc', 1);
      await store.stats('doc');
      expect(sync.calls).toEqual([]);

      sync.hold();
      let resolved = false;
      const compaction = store.compact('doc', Uint8Array.of(9), 2).then(() => {
        resolved = true;
      });
      await until(() => sync.calls.some((call) => call.path === wal));
      await later();
      expect(resolved).toBe(false);
      sync.release();
      await compaction;
    } finally {
      sync.release();
      await sql.close();
    }
  });

  it('concurrent commits share syncs (group commit) and all of them are stored', async () => {
    const dataDir = await migratedDir();
    const sync = recordingSync();
    const sql = await PgliteClient.open(dataDir, silentLogger, { syncPath: sync.syncPath });
    try {
      const store = new SqlDocumentStore(sql);
      sync.calls.length = 0;
      const seqs = await Promise.all(
        Array.from({ length: 40 }, (_, index) => store.append(`doc-${index % 4}`, [Uint8Array.of(index)])),
      );
      expect(seqs.toSorted((a, b) => a - b)).toEqual(
        Array.from({ length: 40 }, (_, index) => Math.floor(index / 4) + 1),
      );
      expect(sync.calls.length).toBeGreaterThan(0);
      expect(sync.calls.length).toBeLessThan(40);
      for (let index = 0; index < 4; index++) expect((await store.stats(`doc-${index}`)).lastSeq).toBe(10);
    } finally {
      await sql.close();
    }
  });

  it('a caller looping over reads while a commit waits for its fsync does not starve it', async () => {
    const dataDir = await migratedDir();
    const sql = await PgliteClient.open(dataDir, silentLogger);
    try {
      const store = new SqlDocumentStore(sql);
      let done = false;
      const appending = store.append('doc', [Uint8Array.of(1)]).finally(() => {
        done = true;
      });
      let loads = 0;
      // PGlite answers through promises alone: without a yield, this loop would never let the fsync complete.
      while (!done) {
        await store.load('doc');
        loads++;
        if (loads > 10_000) throw new Error('the append never finished');
      }
      expect(await appending).toBe(1);
    } finally {
      await sql.close();
    }
  });

  it('close checkpoints and syncs pg_control, the WAL and the directories after the shutdown checkpoint', async () => {
    const dataDir = await migratedDir();
    const sync = recordingSync();
    const sql = await PgliteClient.open(dataDir, silentLogger, { syncPath: sync.syncPath });
    // Opening synced the whole directory once (a process before may have died without syncing).
    expect(sync.calls.filter((call) => call.kind !== 'directory').length).toBeGreaterThan(100);
    expect(sync.calls.map((call) => call.path)).toContain(join(dataDir, 'global', 'pg_control'));
    await new SqlDocumentStore(sql).append('doc', [Uint8Array.of(1)]);
    sync.calls.length = 0;
    await sql.close();
    const paths = sync.calls.map((call) => call.path);
    const control = join(dataDir, 'global', 'pg_control');
    // Twice: after the explicit CHECKPOINT and after PGlite's shutdown checkpoint.
    expect(paths.filter((path) => path === control)).toHaveLength(2);
    expect(paths).toContain(join(dataDir, 'pg_wal'));
    expect(paths).toContain(dataDir);
    expect(paths.lastIndexOf(dataDir)).toBeGreaterThan(paths.lastIndexOf(control));
  });

  it('a failed fsync fails that write and every later call, like a PostgreSQL PANIC', async () => {
    const dataDir = await migratedDir();
    const sync = recordingSync();
    const sql = await PgliteClient.open(dataDir, silentLogger, { syncPath: sync.syncPath });
    try {
      const store = new SqlDocumentStore(sql);
      sync.fail(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
      await expect(store.append('doc', [Uint8Array.of(1)])).rejects.toThrow('EIO');
      await expect(store.load('doc')).rejects.toBeInstanceOf(DatabaseUnavailableError);
      await expect(store.append('doc', [Uint8Array.of(2)])).rejects.toThrow(/an earlier fsync failed/);
    } finally {
      await sql.close();
    }
  });

  it('syncs for real by default: a database written, closed and reopened keeps everything', async () => {
    const dataDir = await migratedDir();
    const sql = await PgliteClient.open(dataDir, silentLogger);
    const store = new SqlDocumentStore(sql);
    await store.append('doc', [Uint8Array.of(1), Uint8Array.of(2)]);
    await store.compact('doc', Uint8Array.of(7), 1);
    await sql.close();
    const again = await PgliteClient.open(dataDir, silentLogger);
    try {
      expect(await new SqlDocumentStore(again).load('doc')).toEqual({
        checkpoint: Uint8Array.of(7),
        checkpointSeq: 1,
        updates: [{ seq: 2, update: Uint8Array.of(2) }],
      });
    } finally {
      await again.close();
    }
  });
});

describe('mayWrite', () => {
  it('treats plain reads as reads and everything else, data-modifying CTEs included, as writes', () => {
    expect(mayWrite('select u.seq, u.update as data from document_updates u')).toBe(false);
    expect(mayWrite('  SELECT count(*) AS update_count FROM t')).toBe(false);
    expect(mayWrite('with c as (select 1) select * from c')).toBe(false);
    expect(mayWrite('show server_version')).toBe(false);
    expect(mayWrite('with head as (insert into h values (1) returning 1) select 1')).toBe(true);
    expect(mayWrite('insert into t values (1)')).toBe(true);
    expect(mayWrite('update t set a = 1')).toBe(true);
    expect(mayWrite('delete from t')).toBe(true);
    expect(mayWrite('select * into t2 from t')).toBe(true);
    expect(mayWrite("select nextval('s')")).toBe(true);
    expect(mayWrite('create table t (a int)')).toBe(true);
    expect(mayWrite('checkpoint')).toBe(true);
  });
});
