import { randomUUID } from 'node:crypto';
import { readFile, readlink, link, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'parallax.lock';
/** Exists only while one process replaces a stale lock, so two cannot both replace it. */
export const TAKEOVER_FILE = 'parallax.lock.takeover';

/** Who holds a lock. Written into the lock file as JSON. */
export interface LockIdentity {
  pid: number;
  hostname: string;
  /** The kernel's boot id: a pid means nothing across reboots. Empty where the platform has none. */
  bootId: string;
  /** The pid namespace (e.g. `pid:[4026531836]`): containers sharing a volume each have their own pid 1. */
  pidNamespace: string;
  /** Unique per acquisition, so a lock is only ever released by the one who took it. */
  token: string;
}

export interface LockTiming {
  /** The holder refreshes the lock file's mtime this often. Default 10 s. */
  heartbeatMs: number;
  /**
   * A holder whose pid cannot be checked from here (another host, boot or container) is considered gone once its
   * lock file has not been refreshed for this long. Default 60 s.
   */
  staleAfterMs: number;
}

const DEFAULT_TIMING: LockTiming = { heartbeatMs: 10_000, staleAfterMs: 60_000 };
/** A takeover takes a few file operations; a takeover file older than this was left by a process that died. */
const TAKEOVER_STALE_MS = 10_000;
const TAKEOVER_RETRIES = 50;

/** Directories this process holds: the pid in their lock file is ours, which alone cannot tell them from stale. */
const heldByThisProcess = new Set<string>();

/**
 * PGlite has no postmaster to refuse a second process: two servers started on one data directory would both write
 * its files and corrupt it. This lock file makes the second one fail at start-up instead.
 *
 * - Creating the lock is atomic (a complete temp file is hard-linked into place, which fails if a lock exists).
 * - A lock left by a process that died is taken over, atomically: the replacing process first creates the takeover
 *   file (exclusive create), re-checks under it that the lock is still the stale one it judged, and only then
 *   renames its own lock over it. Two processes that both find the stale lock cannot both take it.
 * - Dead or alive: when the holder ran on this host, in this boot and in this pid namespace, its pid is checked
 *   (a pid equal to ours there is a dead predecessor). Otherwise (another host sharing the volume, a container with
 *   its own pid 1, a previous boot) the pid means nothing here, and the holder counts as alive while it keeps
 *   refreshing the lock file's mtime (every heartbeatMs; stale after staleAfterMs).
 */
export async function lockDataDir(dataDir: string, timing: Partial<LockTiming> = {}): Promise<() => Promise<void>> {
  const path = join(dataDir, LOCK_FILE);
  if (heldByThisProcess.has(path)) throw new Error('it is already open in this process');
  // Claimed before the first await, so two opens racing within this process cannot both pass.
  heldByThisProcess.add(path);
  try {
    const release = await acquireLock(dataDir, await currentIdentity(), timing);
    return async () => {
      heldByThisProcess.delete(path);
      await release();
    };
  } catch (error) {
    heldByThisProcess.delete(path);
    throw error;
  }
}

/** This process, as it describes itself in a lock file. */
export async function currentIdentity(): Promise<LockIdentity> {
  return {
    pid: process.pid,
    hostname: hostname(),
    bootId: await readOptional(() => readFile('/proc/sys/kernel/random/boot_id', 'utf8')),
    pidNamespace: await readOptional(() => readlink('/proc/self/ns/pid')),
    token: randomUUID(),
  };
}

/**
 * Takes the lock of `dataDir` for `me` and starts its heartbeat; resolves with the release function. Exported for
 * tests, which race several identities in one process; the app uses lockDataDir.
 */
export async function acquireLock(
  dataDir: string,
  me: LockIdentity,
  timingOverrides: Partial<LockTiming> = {},
): Promise<() => Promise<void>> {
  const timing = { ...DEFAULT_TIMING, ...timingOverrides };
  const path = join(dataDir, LOCK_FILE);
  const mine = JSON.stringify(me);
  const temp = join(dataDir, `${LOCK_FILE}.${me.token}.tmp`);
  await writeFile(temp, mine, { flag: 'wx' });
  try {
    await claim(dataDir, path, temp, me, timing);
  } finally {
    await rm(temp, { force: true });
  }
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(path, now, now).catch(() => undefined);
  }, timing.heartbeatMs);
  heartbeat.unref();
  return async () => {
    clearInterval(heartbeat);
    // Only remove the lock if it is still ours, never one another process took over.
    const current = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (current === mine) await rm(path, { force: true });
  };
}

async function claim(dataDir: string, path: string, temp: string, me: LockIdentity, timing: LockTiming): Promise<void> {
  for (let attempt = 0; attempt < TAKEOVER_RETRIES; attempt++) {
    try {
      // Atomic create-if-absent with the complete content: nobody ever reads a half-written lock of ours.
      await link(temp, path);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const observed = await observe(path);
    if (observed === null) continue; // released meanwhile: try to create it again
    if (!isStale(observed, me, timing.staleAfterMs)) throw inUse(path, observed.holder);
    if (await replaceIfUnchanged(dataDir, path, temp, me, observed)) return;
    // Another process is replacing it, or already did: look again after a moment.
    await sleep(5 + Math.random() * 20);
  }
  throw new Error(`its lock ${path} keeps changing; another process may be starting on it`);
}

/** A lock file's content. Locks written before boot ids were recorded have only pid and hostname. */
type Holder = Pick<LockIdentity, 'pid' | 'hostname'> & Partial<Omit<LockIdentity, 'pid' | 'hostname'>>;

interface Observed {
  holder: Holder | undefined;
  ino: bigint;
  mtimeMs: number;
  text: string;
}

async function observe(path: string): Promise<Observed | null> {
  try {
    const info = await stat(path, { bigint: true });
    const text = await readFile(path, 'utf8');
    return { holder: parseHolder(text), ino: info.ino, mtimeMs: Number(info.mtimeMs), text };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Replaces the stale lock `observed` by ours, but only while holding the takeover file, and only if the lock is
 * still exactly the one judged stale. Returns false when someone else is taking over or has taken over.
 */
async function replaceIfUnchanged(
  dataDir: string,
  path: string,
  temp: string,
  me: LockIdentity,
  observed: Observed,
): Promise<boolean> {
  const takeover = join(dataDir, TAKEOVER_FILE);
  try {
    await writeFile(takeover, JSON.stringify(me), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    await breakStaleTakeover(dataDir, takeover, me);
    return false;
  }
  try {
    const now = await observe(path);
    if (now === null || now.ino !== observed.ino || now.text !== observed.text) return false;
    // Under the takeover file nobody else replaces this lock, and its dead holder cannot remove it: the rename
    // replaces exactly the stale lock.
    await rename(temp, path);
    return true;
  } finally {
    await rm(takeover, { force: true });
  }
}

/** A takeover file whose creator died mid-takeover would block every later start; remove it once it is clearly old. */
async function breakStaleTakeover(dataDir: string, takeover: string, me: LockIdentity): Promise<void> {
  const observed = await observe(takeover);
  if (observed === null) return;
  const holderDead =
    observed.holder !== undefined && pidCheckable(observed.holder, me) && !pidAlive(observed.holder, me);
  if (!holderDead && Date.now() - observed.mtimeMs < TAKEOVER_STALE_MS) return;
  // Move it aside and make sure it was the one judged old; if a fresh one was moved, put it back.
  const aside = join(dataDir, `${TAKEOVER_FILE}.${me.token}.stale`);
  try {
    await rename(takeover, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await stat(aside, { bigint: true });
  if (moved.ino !== observed.ino) await link(aside, takeover).catch(() => undefined);
  await rm(aside, { force: true });
}

function isStale(observed: Observed, me: LockIdentity, staleAfterMs: number): boolean {
  const holder = observed.holder;
  // A torn or foreign file holds no valid claim.
  if (holder === undefined) return true;
  if (pidCheckable(holder, me)) return !pidAlive(holder, me);
  return Date.now() - observed.mtimeMs > staleAfterMs;
}

/** True when the holder's pid means the same process here: same host, same boot, same pid namespace. */
function pidCheckable(holder: Holder, me: LockIdentity): boolean {
  if (holder.hostname !== me.hostname) return false;
  const legacy = holder.bootId === undefined || holder.pidNamespace === undefined;
  // A lock written before boot ids were recorded: its pid can be checked, except one equal to ours, which may be
  // another container's pid 1.
  if (legacy) return holder.pid !== me.pid;
  return holder.bootId === me.bootId && holder.pidNamespace === me.pidNamespace;
}

function pidAlive(holder: Holder, me: LockIdentity): boolean {
  // Same namespace and boot: a pid equal to ours belonged to a process that is gone (we hold that pid now).
  if (holder.pid === me.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function inUse(path: string, holder: Holder | undefined): Error {
  const where = holder === undefined ? 'another process' : `process ${holder.pid} on ${holder.hostname}`;
  return new Error(
    `it is in use by ${where}. Stop that process, or delete ${path} if no Parallax server uses this directory`,
  );
}

function parseHolder(text: string): Holder | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { pid, hostname: host, bootId, pidNamespace } = parsed as Record<string, unknown>;
    if (typeof pid !== 'number' || typeof host !== 'string') return undefined;
    const holder: Holder = { pid, hostname: host };
    if (typeof bootId === 'string') holder.bootId = bootId;
    if (typeof pidNamespace === 'string') holder.pidNamespace = pidNamespace;
    return holder;
  } catch {
    return undefined;
  }
}

async function readOptional(read: () => Promise<string>): Promise<string> {
  try {
    return (await read()).trim();
  } catch {
    return '';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
