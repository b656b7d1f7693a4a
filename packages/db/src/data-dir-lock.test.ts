import { readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock, currentIdentity, LOCK_FILE, lockDataDir, TAKEOVER_FILE } from './data-dir-lock.ts';
import type { LockIdentity } from './data-dir-lock.ts';
import { tempDir } from './test-databases.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function dir(): Promise<string> {
  const created = await tempDir('lock');
  cleanups.push(created.remove);
  return created.path;
}

/** A lock file as another process would have written it, with its mtime `ageMs` in the past. */
async function writeLock(path: string, holder: object, ageMs = 0): Promise<void> {
  await writeFile(join(path, LOCK_FILE), JSON.stringify(holder));
  const then = new Date(Date.now() - ageMs);
  await utimes(join(path, LOCK_FILE), then, then);
}

async function someoneElse(overrides: Partial<LockIdentity> = {}): Promise<LockIdentity> {
  const me = await currentIdentity();
  return { ...me, token: crypto.randomUUID(), ...overrides };
}

describe('data directory lock', () => {
  it('two processes that both find a stale lock cannot both take it over', async () => {
    const path = await dir();
    for (let round = 0; round < 10; round++) {
      // A torn lock file holds no claim: stale for everyone.
      await writeFile(join(path, LOCK_FILE), '{"pid": 12');
      // Six processes in containers of their own: to each other, a freshly written lock is a live one.
      const contenders = await Promise.all(
        Array.from({ length: 6 }, (_, index) => someoneElse({ pidNamespace: `pid:[contender-${index}]` })),
      );
      const results = await Promise.allSettled(contenders.map((contender) => acquireLock(path, contender)));
      const winners = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      expect(winners).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect(String(result.reason)).toMatch(/in use by process/);
      }
      const held = JSON.parse(await readFile(join(path, LOCK_FILE), 'utf8')) as LockIdentity;
      expect(contenders.map((contender) => contender.token)).toContain(held.token);
      await winners[0]?.();
    }
    expect(await readdir(path)).toEqual([]);
  });

  it('records hostname, boot id and pid namespace in the lock', async () => {
    const path = await dir();
    const release = await lockDataDir(path);
    try {
      const held = JSON.parse(await readFile(join(path, LOCK_FILE), 'utf8')) as LockIdentity;
      const me = await currentIdentity();
      expect(held).toMatchObject({
        pid: process.pid,
        hostname: me.hostname,
        bootId: me.bootId,
        pidNamespace: me.pidNamespace,
      });
      expect(held.token).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await release();
    }
  });

  it('a lock with our pid from another container (pid namespace) is respected while its heartbeat is fresh', async () => {
    const path = await dir();
    await writeLock(path, await someoneElse({ pid: process.pid, pidNamespace: 'pid:[1]' }), 1_000);
    await expect(lockDataDir(path)).rejects.toThrow(/in use by process/);
    // The same lock, no longer refreshed: its holder is gone.
    await writeLock(path, await someoneElse({ pid: process.pid, pidNamespace: 'pid:[1]' }), 120_000);
    const release = await lockDataDir(path);
    await release();
  });

  it('a lock from an earlier boot is respected only while its heartbeat is fresh', async () => {
    const path = await dir();
    await writeLock(path, await someoneElse({ pid: process.ppid, bootId: 'an-earlier-boot' }), 1_000);
    await expect(lockDataDir(path)).rejects.toThrow(/in use/);
    await writeLock(path, await someoneElse({ pid: process.ppid, bootId: 'an-earlier-boot' }), 120_000);
    const release = await lockDataDir(path);
    await release();
  });

  it('a legacy lock (pid and hostname only) with our pid is not assumed to be ours or dead', async () => {
    const path = await dir();
    const me = await currentIdentity();
    await writeLock(path, { pid: process.pid, hostname: me.hostname }, 1_000);
    await expect(lockDataDir(path)).rejects.toThrow(/in use by process/);
  });

  it('the holder refreshes its lock, so another container does not take it over while it lives', async () => {
    const path = await dir();
    const release = await acquireLock(path, await currentIdentity(), { heartbeatMs: 20, staleAfterMs: 5_000 });
    try {
      const lock = join(path, LOCK_FILE);
      const old = new Date(Date.now() - 60_000);
      await utimes(lock, old, old);
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(Date.now() - (await stat(lock)).mtimeMs).toBeLessThan(1_000);
      const otherContainer = await someoneElse({ pidNamespace: 'pid:[2]' });
      await expect(acquireLock(path, otherContainer, { staleAfterMs: 5_000 })).rejects.toThrow(/in use/);
    } finally {
      await release();
    }
  });

  it('a takeover file left by a process that died mid-takeover does not block later starts', async () => {
    const path = await dir();
    await writeLock(path, await someoneElse({ pid: 2 ** 22 + 1 }));
    const takeover = join(path, TAKEOVER_FILE);
    await writeFile(takeover, JSON.stringify(await someoneElse({ pid: 2 ** 22 + 3 })));
    const release = await lockDataDir(path);
    await release();
    expect(await readdir(path)).toEqual([]);
  });
});
