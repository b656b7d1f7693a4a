import { mkdir, open, readdir, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Transaction } from '@electric-sql/pglite';
import { BYTEA_OID, INT8_OID, decodeBytea, decodeInt8, encodeBytea, encodeInt8 } from './codecs.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { DatabaseUnavailableError } from './errors.ts';
import type { DbLogger, SqlClient, SqlExecutor, SqlRow } from './sql.ts';

type Queryable = Pick<Transaction, 'query' | 'exec'>;

/**
 * How one path is flushed to stable storage: `data` is fdatasync (contents and the size, enough for a file we
 * synced before), `full` is fsync (also the inode, for new files), `directory` is fsync of a directory (its
 * entries: files created, renamed or removed).
 */
export type SyncKind = 'data' | 'full' | 'directory';

/** Flushes one file or directory to stable storage. Replaceable so tests can observe and hold syncs. */
export type SyncPath = (path: string, kind: SyncKind) => Promise<void>;

export interface PgliteOpenOptions {
  /** Defaults to a real fsync/fdatasync through node:fs. */
  syncPath?: SyncPath;
}

/**
 * SqlClient over embedded PGlite: one connection in this process. PGlite itself runs every query and transaction
 * under one mutex (a query waits for an open transaction to finish), so concurrent callers are serialised without
 * further locking here.
 *
 * Durability. PGlite starts PostgreSQL with fsync off, and its Node filesystem (Emscripten NODEFS) implements no
 * fsync either, so without help a committed transaction survives a crash of this process (the OS has the bytes)
 * but not a power loss or kernel crash (pglite#1107; there is no option to turn it on: `relaxedDurability` only
 * decides whether PGlite awaits its filesystem's `syncToFs`, which NODEFS leaves empty). PostgreSQL still writes
 * the WAL at every commit, and in PGlite's single-user mode checkpoints happen only when asked for (and at start
 * and shutdown), so this client makes commits durable itself:
 *
 * - after every call that may have written (any statement other than a plain read; a transaction in which one ran)
 *   commits, and before its promise resolves, the WAL segments written since the last sync are fsynced, plus the
 *   pg_wal directory when segments appeared or were renamed. Concurrent commits share syncs (group commit): a
 *   caller waits for one sync that started after its commit.
 * - when pg_control changed (a checkpoint ran), and once after opening (crash recovery may have written pages and
 *   an earlier process may have died before syncing), every changed file and directory of the data directory is
 *   synced, since the WAL that covered those pages may be recycled.
 * - close runs CHECKPOINT, syncs the data directory, closes PGlite (its shutdown checkpoint) and syncs again.
 *
 * What remains: a checkpoint writes pages, pg_control and recycles the older WAL inside one PGlite call, so between
 * its end and this client's sync of those pages (milliseconds, only at start, at close or on an explicit CHECKPOINT)
 * a power loss could leave a new pg_control pointing past pages that never reached the disk. Since PGlite never
 * checkpoints on its own, pg_wal also grows until the database is closed.
 *
 * A failed sync leaves the state on disk unknown (Linux may drop the dirty pages and report success next time), so,
 * like PostgreSQL's PANIC, it fails that call and every later one: the process must restart and recover.
 */
export class PgliteClient implements SqlClient {
  readonly driver = 'pglite';
  readonly #db: PGlite;
  readonly #unlock: () => Promise<void>;
  readonly #durability: DataDirDurability | null;
  #closed = false;
  #closing: Promise<void> | null = null;

  private constructor(db: PGlite, unlock: () => Promise<void>, durability: DataDirDurability | null) {
    this.#db = db;
    this.#unlock = unlock;
    this.#durability = durability;
  }

  /** Opens (creating on first use) the database in dataDir; `memory://` keeps it in memory only. */
  static async open(dataDir: string, logger: DbLogger, options: PgliteOpenOptions = {}): Promise<PgliteClient> {
    const inMemory = dataDir.startsWith('memory://');
    const target = inMemory ? dataDir : resolve(dataDir);
    let unlock: () => Promise<void> = async () => {};
    let db: PGlite | undefined;
    let durability: DataDirDurability | null = null;
    try {
      if (!inMemory) {
        await mkdir(target, { recursive: true });
        unlock = await lockDataDir(target);
      }
      db = await PGlite.create(target, {
        parsers: { [BYTEA_OID]: decodeBytea, [INT8_OID]: decodeInt8 },
        serializers: { [BYTEA_OID]: encodeBytea, [INT8_OID]: encodeInt8 },
      });
      if (!inMemory) {
        durability = new DataDirDurability(
          target,
          options.syncPath ? uncachedSyncer(options.syncPath) : new NodeSyncer(),
        );
        await durability.syncDataDir();
      }
    } catch (error) {
      await db?.close().catch(() => undefined);
      await durability?.close();
      await unlock();
      throw new DatabaseUnavailableError(target, error instanceof Error ? error.message : String(error), {
        cause: error,
      });
    }
    logger.info({ driver: 'pglite', dataDir: target }, 'database opened');
    return new PgliteClient(db, unlock, durability);
  }

  async query<Row extends SqlRow = SqlRow>(text: string, params?: readonly unknown[]): Promise<Row[]> {
    await this.#durability?.beforeQuery();
    const rows = await runQuery<Row>(this.#db, text, params);
    if (mayWrite(text)) await this.#durability?.syncWal();
    return rows;
  }

  async exec(script: string): Promise<void> {
    await this.#durability?.beforeQuery();
    await runScript(this.#db, script);
    await this.#durability?.syncWal();
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    await this.#durability?.beforeQuery();
    let wrote = false;
    const result = await this.#db.transaction((tx) =>
      fn({
        query: <Row extends SqlRow = SqlRow>(text: string, params?: readonly unknown[]) => {
          if (mayWrite(text)) wrote = true;
          return runQuery<Row>(tx, text, params);
        },
        exec: (script: string) => {
          wrote = true;
          return runScript(tx, script);
        },
      }),
    );
    if (wrote) await this.#durability?.syncWal();
    return result;
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const durability = this.#durability;
    try {
      if (durability !== null && durability.healthy) {
        // Waits for running transactions (PGlite's mutex); the synced checkpoint makes the shutdown one small.
        await this.#db.exec('CHECKPOINT');
        await durability.syncDataDir();
      }
      await this.#db.close();
      if (durability !== null && durability.healthy) await durability.syncDataDir();
    } finally {
      await durability?.close();
      await this.#unlock();
    }
  }
}

/**
 * True unless the statement is a plain read. Errs on the side of "may write": a false positive costs one sync of
 * an already clean WAL segment, a false negative only delays durability until the next write's sync.
 */
export function mayWrite(text: string): boolean {
  const head = /^\s*(\w+)/.exec(text)?.[1]?.toLowerCase();
  if (head !== 'select' && head !== 'with' && head !== 'show' && head !== 'values' && head !== 'table') return true;
  // A data-modifying CTE, SELECT INTO, or a function that changes state; `u.update` (a column) is not a keyword.
  return /(?<![.\w"])(insert|update|delete|merge|into|nextval|setval)\b/i.test(text);
}

const WAL_SEGMENT = /^[0-9A-F]{24}$/;
/** mtime is kept by the kernel's coarse clock; anything touched this close to a full sync's start is synced again. */
const MTIME_SLACK_NS = 2_000_000_000n;

/** Flushes paths to stable storage; `ino` marks a file worth keeping open (a WAL segment) and names its inode. */
interface Syncer {
  sync(path: string, kind: SyncKind, ino?: bigint): Promise<void>;
  close(): Promise<void>;
}

/** The fsyncs PGlite leaves out, done from Node for one data directory. See PgliteClient. */
class DataDirDurability {
  readonly #dataDir: string;
  readonly #walDir: string;
  readonly #syncer: Syncer;
  /** WAL segment name -> mtime when last synced. */
  #walSeen = new Map<string, bigint>();
  /** Newest WAL mtime seen by the last sync: a segment touched since then (same coarse tick included) is synced. */
  #walNewest = -1n;
  #controlMtime = -1n;
  /** Start of the last full sync; files changed before it were synced by it. */
  #lastFullSyncNs: bigint | null = null;
  #current: Promise<void> | null = null;
  #next: Promise<void> | null = null;
  #failure: Error | null = null;
  #fullSyncs = 0;
  #lastYield = 0;

  constructor(dataDir: string, syncer: Syncer) {
    this.#dataDir = dataDir;
    this.#walDir = join(dataDir, 'pg_wal');
    this.#syncer = syncer;
  }

  /** Closes the WAL segments kept open; after the last sync. */
  async close(): Promise<void> {
    await this.#next?.catch(() => undefined);
    await this.#current?.catch(() => undefined);
    await this.#syncer.close();
  }

  get healthy(): boolean {
    return this.#failure === null;
  }

  /**
   * Before each call: fails once a sync failed, and while a sync is in flight yields a macrotask (at most once per
   * millisecond). PGlite answers from the main thread through promises alone, so a caller looping over queries
   * (`while (!done) await load()`) would otherwise never let the event loop reach the fsync completion it waits for.
   */
  async beforeQuery(): Promise<void> {
    this.assertHealthy();
    if (this.#current === null && this.#next === null && this.#fullSyncs === 0) return;
    // One yield per millisecond is enough for progress; a burst of queries does not pay one each.
    const now = performance.now();
    if (now - this.#lastYield < 1) return;
    this.#lastYield = now;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  assertHealthy(): void {
    if (this.#failure !== null) {
      throw new DatabaseUnavailableError(this.#dataDir, `an earlier fsync failed: ${this.#failure.message}`, {
        cause: this.#failure,
      });
    }
  }

  /**
   * Resolves once a sync that started after this call finished. Calls arriving while a sync runs share the next
   * one, so N concurrent commits cost at most two syncs, and one commit never waits for more than two.
   */
  syncWal(): Promise<void> {
    if (this.#next !== null) return this.#next;
    if (this.#current === null) return this.#begin();
    const next = this.#current
      .catch(() => undefined)
      .then(() => {
        this.#next = null;
        return this.#begin();
      });
    this.#next = next;
    return next;
  }

  /** Syncs every file and directory changed since the last full sync (everything, the first time). */
  async syncDataDir(): Promise<void> {
    await this.#guard(async () => {
      // Let WAL syncs in flight finish first; the walk below covers anything they would have.
      await this.#current?.catch(() => undefined);
      await this.#fullSync();
    });
  }

  #begin(): Promise<void> {
    const run = this.#guard(() => this.#syncWalOnce()).finally(() => {
      if (this.#current === run) this.#current = null;
    });
    this.#current = run;
    return run;
  }

  async #guard(work: () => Promise<void>): Promise<void> {
    this.assertHealthy();
    try {
      await work();
    } catch (error) {
      this.#failure ??= error instanceof Error ? error : new Error(String(error));
      throw error;
    }
  }

  async #syncWalOnce(): Promise<void> {
    const [control, segments] = await Promise.all([
      mtimeOf(join(this.#dataDir, 'global', 'pg_control')),
      this.#walSegments(),
    ]);
    if (control !== this.#controlMtime) {
      // A checkpoint wrote data pages and may recycle the WAL that covered them: those pages must be on disk too.
      await this.#fullSync();
      return;
    }
    const changed = segments.filter(
      (segment) => segment.mtime >= this.#walNewest || this.#walSeen.get(segment.name) !== segment.mtime,
    );
    const renamed =
      segments.length !== this.#walSeen.size || segments.some((segment) => !this.#walSeen.has(segment.name));
    await Promise.all(
      changed.map((segment) =>
        this.#syncer.sync(
          join(this.#walDir, segment.name),
          this.#walSeen.has(segment.name) ? 'data' : 'full',
          segment.ino,
        ),
      ),
    );
    if (renamed) await this.#syncer.sync(this.#walDir, 'directory');
    this.#rememberWal(segments);
  }

  async #fullSync(): Promise<void> {
    this.#fullSyncs++;
    try {
      await this.#fullSyncOnce();
    } finally {
      this.#fullSyncs--;
    }
  }

  async #fullSyncOnce(): Promise<void> {
    const started = BigInt(Date.now()) * 1_000_000n;
    const since = this.#lastFullSyncNs === null ? null : this.#lastFullSyncNs - MTIME_SLACK_NS;
    const segments = await this.#walSegments();
    const control = await mtimeOf(join(this.#dataDir, 'global', 'pg_control'));
    const files: string[] = [];
    const directories: string[] = [];
    await collect(this.#dataDir, since, files, directories);
    await mapLimit(files, 16, (path) => this.#syncer.sync(path, 'full'));
    // Directories after their files, deepest first, so a new entry never points at unsynced contents.
    for (const directory of directories.reverse()) await this.#syncer.sync(directory, 'directory');
    this.#controlMtime = control;
    this.#rememberWal(segments);
    this.#lastFullSyncNs = started;
  }

  async #walSegments(): Promise<WalSegment[]> {
    const names = (await readdir(this.#walDir)).filter((name) => WAL_SEGMENT.test(name));
    const entries = await Promise.all(
      names.map(async (name): Promise<WalSegment | null> => {
        try {
          const info = await stat(join(this.#walDir, name), { bigint: true });
          return { name, mtime: info.mtimeNs, ino: info.ino };
        } catch (error) {
          // Removed between readdir and stat (a checkpoint recycled it): it needs no sync.
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
          throw error;
        }
      }),
    );
    return entries.filter((entry) => entry !== null);
  }

  #rememberWal(segments: WalSegment[]): void {
    this.#walSeen = new Map(segments.map((segment) => [segment.name, segment.mtime]));
    this.#walNewest = segments.reduce((newest, segment) => (segment.mtime > newest ? segment.mtime : newest), -1n);
  }
}

interface WalSegment {
  name: string;
  mtime: bigint;
  ino: bigint;
}

async function mtimeOf(path: string): Promise<bigint> {
  try {
    return (await stat(path, { bigint: true })).mtimeNs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return -1n;
    throw error;
  }
}

/** Regular files changed at or after `since` (every one when null), and every directory, below `dir`. */
async function collect(dir: string, since: bigint | null, files: string[], directories: string[]): Promise<void> {
  directories.push(dir);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      await collect(path, since, files, directories);
    } else if (entry.isFile()) {
      if (since === null || (await mtimeOf(path)) >= since) files.push(path);
    }
  }
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let index = 0;
  const worker = async () => {
    while (index < items.length) {
      const item = items[index++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** A syncer over a caller's SyncPath (tests): nothing kept open. */
function uncachedSyncer(syncPath: SyncPath): Syncer {
  return { sync: (path, kind) => syncPath(path, kind), close: async () => {} };
}

/**
 * The real sync, through fdatasync/fsync on a handle of its own (fsync flushes the file, whichever handle wrote it).
 * WAL segments stay open between syncs (saving an open and a close per commit), keyed by path and checked against
 * the inode the caller just saw, since PostgreSQL recycles segments by renaming them.
 */
class NodeSyncer implements Syncer {
  readonly #open = new Map<string, { ino: bigint; handle: FileHandle }>();

  async sync(path: string, kind: SyncKind, ino?: bigint): Promise<void> {
    if (kind === 'directory' || ino === undefined) {
      await syncOnce(path, kind);
      return;
    }
    let entry = this.#open.get(path);
    if (entry !== undefined && entry.ino !== ino) {
      this.#open.delete(path);
      await entry.handle.close();
      entry = undefined;
    }
    if (entry === undefined) {
      let handle: FileHandle;
      try {
        handle = await open(path, 'r+');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      entry = { ino: (await handle.stat({ bigint: true })).ino, handle };
      this.#open.set(path, entry);
      // A handle per segment ever synced would pile up: keep the few most recent.
      for (const [oldPath, old] of this.#open) {
        if (this.#open.size <= 4) break;
        this.#open.delete(oldPath);
        await old.handle.close();
      }
    }
    if (kind === 'data') await entry.handle.datasync();
    else await entry.handle.sync();
  }

  async close(): Promise<void> {
    const entries = [...this.#open.values()];
    this.#open.clear();
    await Promise.all(entries.map((entry) => entry.handle.close()));
  }
}

async function syncOnce(path: string, kind: SyncKind): Promise<void> {
  let handle;
  try {
    handle = await open(path, kind === 'directory' ? 'r' : 'r+');
  } catch (error) {
    // Removed meanwhile (a recycled WAL segment, a dropped relation): nothing left to sync.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if (kind === 'data') await handle.datasync();
    else await handle.sync();
  } catch (error) {
    // Some platforms (Windows) cannot fsync a directory; their filesystems order metadata themselves.
    const code = (error as NodeJS.ErrnoException).code;
    if (!(kind === 'directory' && (code === 'EISDIR' || code === 'EPERM' || code === 'EINVAL' || code === 'EBADF'))) {
      throw error;
    }
  } finally {
    await handle.close();
  }
}

async function runQuery<Row extends SqlRow>(
  db: Queryable,
  text: string,
  params: readonly unknown[] = [],
): Promise<Row[]> {
  const result = await db.query<Row>(
    text,
    params.map((value) => (value === undefined ? null : value)),
  );
  return result.rows;
}

async function runScript(db: Queryable, script: string): Promise<void> {
  await db.exec(script);
}
