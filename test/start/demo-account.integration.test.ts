/**
 * What `npm start` does on a fresh instance: the demo incident belongs to a demo account with a random password,
 * which the server prints (plain line on stderr, plus the JSON log) and keeps in DATA_DIR/demo-account.txt (0600)
 * so later starts can print it again while it still works. The demo account is never the administrator.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { postgresUrlOrSkip } from '@parallax/testing';
import { eventually } from '../support/clients.ts';
import { spawnServer, type ServerProcess } from '../support/process.ts';
import { api, login, signUp } from '../support/server.ts';

const DEMO_EMAIL = 'demo@parallax.example';
const ANNOUNCEMENT = /sign in with the demo account demo@parallax\.example \/ password ([a-z2-7]{32})/;

const postgresUrl = postgresUrlOrSkip('demo account with DATABASE_URL');

describe('the demo account on first start', () => {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(env: Record<string, string | undefined>): Promise<ServerProcess> {
    const server = await spawnServer({ SEED_DEMO: 'true', ...env });
    cleanups.push(() => (server.child.exitCode === null ? server.kill() : undefined));
    return server;
  }

  async function announcedPassword(server: ServerProcess): Promise<string> {
    let password = '';
    await eventually(() => {
      const match = ANNOUNCEMENT.exec(server.errorOutput());
      expect(match, server.output()).not.toBeNull();
      password = match?.[1] ?? '';
    }, 20_000);
    return password;
  }

  it('prints the URL, email and password on stderr and in the log, keeps them in a 0600 file, and prints them again after a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'parallax-demo-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const first = await start({ DATA_DIR: dataDir });
    const password = await announcedPassword(first);
    expect(first.errorOutput()).toContain(`Parallax is running at ${first.url}`);
    await eventually(() =>
      expect(first.output()).toMatch(new RegExp(`"password":"${password}".*"msg":"demo account"`)),
    );
    const file = join(dataDir, 'demo-account.txt');
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    // The printed password works; the demo account owns the demo incident and is not the administrator.
    const demoCookie = await login(first, DEMO_EMAIL, password);
    const me = (await (await api(first, 'GET', '/api/me', { cookie: demoCookie })).json()) as {
      user: { isAdmin: boolean };
    };
    expect(me.user.isAdmin).toBe(false);
    const demoList = (await (await api(first, 'GET', '/api/incidents', { cookie: demoCookie })).json()) as {
      incidents: { id: string; title: string; role: string }[];
    };
    expect(demoList.incidents).toHaveLength(1);
    expect(demoList.incidents[0]?.role).toBe('owner');

    // The first real sign-up becomes the administrator, and can read (not edit) the demo incident.
    const firstPerson = await signUp(first, { name: 'First Person' });
    expect(firstPerson.user.isAdmin).toBe(true);
    const theirList = (await (await api(first, 'GET', '/api/incidents', { cookie: firstPerson.cookie })).json()) as {
      incidents: { id: string; role: string }[];
    };
    expect(theirList.incidents).toEqual([expect.objectContaining({ id: demoList.incidents[0]?.id, role: 'viewer' })]);
    expect(await first.stop()).toBe(0);

    const second = await start({ DATA_DIR: dataDir });
    expect(await announcedPassword(second)).toBe(password);
    // Still one demo incident: a restart seeds nothing new.
    const again = (await (await api(second, 'GET', '/api/incidents', { cookie: demoCookie })).json()) as {
      incidents: unknown[];
    };
    expect(again.incidents).toHaveLength(1);

    // Once the password is changed, the stored one no longer works and is no longer printed.
    const changed = await api(second, 'POST', '/api/me/password', {
      cookie: demoCookie,
      body: { currentPassword: password, newPassword: 'my own demo passphrase' },
    });
    expect(changed.status).toBe(204);
    expect(await second.stop()).toBe(0);
    const third = await start({ DATA_DIR: dataDir });
    await eventually(() => expect(third.output()).toContain('demo account exists'), 20_000);
    expect(third.errorOutput()).not.toMatch(ANNOUNCEMENT);
  });

  it.skipIf(!postgresUrl)(
    'with DATABASE_URL and a DATA_DIR that cannot be written, prints the password once and says so',
    async () => {
      const schema = `t_${crypto.randomUUID().replaceAll('-', '')}`;
      const admin = postgres(postgresUrl!, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create schema ${schema}`);
      cleanups.push(async () => {
        await admin.unsafe(`drop schema ${schema} cascade`);
        await admin.end();
      });
      const url = new URL(postgresUrl!);
      url.searchParams.set('search_path', schema);
      // A data directory below a regular file can never be created, even by root.
      const blocker = join(await mkdtemp(join(tmpdir(), 'parallax-demo-ro-')), 'not-a-directory');
      await writeFile(blocker, '');
      cleanups.push(() => rm(join(blocker, '..'), { recursive: true, force: true }));

      const server = await start({ DATABASE_URL: url.toString(), DATA_DIR: join(blocker, 'data') });
      const password = await announcedPassword(server);
      expect(server.errorOutput()).toContain('shown only this once');
      expect(await login(server, DEMO_EMAIL, password)).toMatch(/^parallax_session=/);
    },
  );
});
