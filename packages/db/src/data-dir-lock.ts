import { readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'parallax.lock';

/** Directories this process holds: the pid in their lock file is ours, which alone cannot tell them from stale. */
const heldByThisProcess = new Set<string>();

/**
 * PGlite has no postmaster to refuse a second process: two servers started on one data directory would both write
 * its files and corrupt it. This lock file makes the second one fail at start-up instead. A lock left by a process
 * that died (kill -9, crash) is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, LOCK_FILE);
  const mine = JSON.stringify({ pid: process.pid, hostname: hostname() });
  if (heldByThisProcess.has(path)) throw new Error('it is already open in this process');
  // Claimed before the first await, so two opens racing within this process cannot both pass.
  heldByThisProcess.add(path);
  try {
    await claim(path, mine);
  } catch (error) {
    heldByThisProcess.delete(path);
    throw error;
  }
  return async () => {
    heldByThisProcess.delete(path);
    // Only remove the lock if it is still ours, never one another process took over.
    const current = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (current === mine) await rm(path, { force: true });
  };
}

async function claim(path: string, mine: string): Promise<void> {
  try {
    await writeFile(path, mine, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = await readHolder(path);
    if (holder && holderIsAlive(holder)) {
      throw new Error(
        `it is in use by process ${holder.pid} on ${holder.hostname}. Stop that process, or delete ${path} if ` +
          'no Parallax server uses this directory',
      );
    }
    await writeFile(path, mine);
  }
}

interface Holder {
  pid: number;
  hostname: string;
}

async function readHolder(path: string): Promise<Holder | undefined> {
  const text = await readFile(path, 'utf8');
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'pid' in parsed && 'hostname' in parsed) {
      const { pid, hostname: host } = parsed;
      if (typeof pid === 'number' && typeof host === 'string') return { pid, hostname: host };
    }
    return undefined;
  } catch {
    // A torn or foreign file holds no valid claim; it is overwritten.
    return undefined;
  }
}

function holderIsAlive(holder: Holder): boolean {
  // Another machine sharing the directory cannot be checked from here, so its lock is respected.
  if (holder.hostname !== hostname()) return true;
  // After a restart in a container our own pid is often the one the dead process had.
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
