import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_LIFETIME_MS } from '../auth/session-manager.ts';
import { hashToken } from '../auth/tokens.ts';
import {
  TEST_ORIGIN,
  TEST_PASSWORD,
  sessionCookieFrom,
  startTestApp,
  uniqueEmail,
  type SignedIn,
  type TestApp,
} from './test-app.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

const tokenOf = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1);
const errorOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string; message: string } }).error;

describe('accounts and sessions', () => {
  let t: TestApp;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.signUp({ email: '  Ada.Admin@Example.TEST ', name: 'Ada' });
  });

  afterAll(async () => {
    await t.close();
  });

  const me = (cookie: string) => t.request('GET', '/api/me', { cookie });

  describe('sign-up', () => {
    it('normalises the email, makes the first account the administrator and signs it in', async () => {
      expect(admin.user).toEqual({
        id: expect.any(String),
        email: 'ada.admin@example.test',
        name: 'Ada',
        isAdmin: true,
      });
      const response = await me(admin.cookie);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ user: admin.user });
      const second = await t.signUp();
      expect(second.user.isAdmin).toBe(false);
    });

    it('sets an httpOnly, SameSite=Lax session cookie for 30 days, not Secure over plain http', async () => {
      const response = await t.request('POST', '/api/auth/signup', {
        body: { email: uniqueEmail('cookie'), password: TEST_PASSWORD, name: 'Cookie' },
      });
      const header = response.headers.getSetCookie().find((value) => value.startsWith('parallax_session='));
      expect(header).toMatch(/HttpOnly/);
      expect(header).toMatch(/SameSite=Lax/);
      expect(header).toMatch(/Path=\//);
      expect(header).not.toMatch(/Secure/);
      const expires = Date.parse(/Expires=([^;]+)/.exec(header ?? '')?.[1] ?? '');
      expect(Math.abs(expires - (Date.now() + SESSION_LIFETIME_MS))).toBeLessThan(60_000);
    });

    it('refuses a second account with the same email, whatever its case → 409 email_taken', async () => {
      const response = await t.request('POST', '/api/auth/signup', {
        body: { email: 'ADA.ADMIN@example.test', password: TEST_PASSWORD, name: 'Twin' },
      });
      expect(response.status).toBe(409);
      expect((await errorOf(response)).code).toBe('email_taken');
    });

    it.each([
      ['a short password', { password: 'short' }, 'password: must be at least 10 characters'],
      ['a password over 256 characters', { password: 'x'.repeat(257) }, 'password: must be at most 256 characters'],
      [
        'the email as password',
        { email: 'same@example.test', password: 'SAME@example.test' },
        'password: must not be your email address',
      ],
      ['an invalid email', { email: 'not-an-email' }, 'email: must be an email address'],
      ['an empty name', { name: '   ' }, 'name: must not be empty'],
    ])('signup with %s → 400 with a clear message', async (_label, override, message) => {
      const response = await t.request('POST', '/api/auth/signup', {
        body: { email: uniqueEmail('rules'), password: TEST_PASSWORD, name: 'Rules', ...override },
      });
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe('invalid_input');
      expect(error.message).toContain(message);
      expect(sessionCookieFrom(response)).toBeUndefined();
    });
  });

  describe('login and logout', () => {
    it('issues a new token on every login: two logins → two different cookies, both valid, stored only hashed', async () => {
      const account = await t.signUp();
      const first = await t.login(account.email, account.password);
      const second = await t.login(` ${account.email.toUpperCase()} `, account.password);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(await first.clone().json()).toEqual({ user: account.user });
      const [a, b] = [sessionCookieFrom(first), sessionCookieFrom(second)];
      expect(a).toBeDefined();
      expect(b).toBeDefined();
      expect(a).not.toBe(b);
      expect(a).not.toBe(account.cookie);
      expect((await me(a!)).status).toBe(200);
      expect((await me(b!)).status).toBe(200);

      const ids = (
        await t.sql.query<{ id: string }>('select id from sessions where user_id = $1', [account.user.id])
      ).map((row) => row.id);
      const tokens = [account.cookie, a!, b!].map(tokenOf);
      expect(ids.sort()).toEqual(tokens.map(hashToken).sort());
      for (const token of tokens) expect(ids).not.toContain(token);
      expect(tokens.every((token) => /^[a-z2-7]{32}$/.test(token))).toBe(true);
    });

    it('a wrong password and an unknown email get the same 401 invalid_credentials', async () => {
      const account = await t.signUp();
      const wrong = await t.login(account.email, 'not the password at all');
      const unknown = await t.login(uniqueEmail('nobody'), 'not the password at all');
      expect([wrong.status, unknown.status]).toEqual([401, 401]);
      expect(await errorOf(wrong)).toEqual(await errorOf(unknown));
      expect(sessionCookieFrom(wrong)).toBeUndefined();
    });

    it('logout → 204, clears the cookie, and the old cookie is refused afterwards (401)', async () => {
      const account = await t.signUp();
      const other = sessionCookieFrom(await t.login(account.email, account.password))!;
      const response = await t.request('POST', '/api/auth/logout', { cookie: account.cookie });
      expect(response.status).toBe(204);
      expect(response.headers.getSetCookie().join()).toMatch(/parallax_session=;.*Max-Age=0/);
      const after = await me(account.cookie);
      expect(after.status).toBe(401);
      expect((await errorOf(after)).code).toBe('unauthenticated');
      const rows = await t.sql.query('select 1 from sessions where id = $1', [hashToken(tokenOf(account.cookie))]);
      expect(rows).toEqual([]);
      // Only that session ended.
      expect((await me(other)).status).toBe(200);
    });

    it('an unknown cookie → 401, and the response tells the browser to drop it', async () => {
      const response = await me('parallax_session=thisisnotasessiontokenatall2345');
      expect(response.status).toBe(401);
      expect(response.headers.getSetCookie().join()).toMatch(/parallax_session=;.*Max-Age=0/);
    });
  });

  describe('password change', () => {
    it('→ 204: every other session ends, this browser gets a new cookie, the new password works', async () => {
      const account = await t.signUp();
      const laptop = sessionCookieFrom(await t.login(account.email, account.password))!;
      const phone = sessionCookieFrom(await t.login(account.email, account.password))!;
      const newPassword = 'a much longer passphrase now';
      const response = await t.request('POST', '/api/me/password', {
        cookie: laptop,
        body: { currentPassword: account.password, newPassword },
      });
      expect(response.status).toBe(204);
      const renewed = sessionCookieFrom(response);
      expect(renewed).toBeDefined();
      expect(renewed).not.toBe(laptop);
      expect((await me(renewed!)).status).toBe(200);
      for (const ended of [laptop, phone, account.cookie]) expect((await me(ended)).status).toBe(401);
      expect((await t.login(account.email, account.password)).status).toBe(401);
      expect((await t.login(account.email, newPassword)).status).toBe(200);
      const stored = await t.sql.query<{ password_hash: string }>('select password_hash from users where id = $1', [
        account.user.id,
      ]);
      expect(stored[0]?.password_hash).toMatch(/^\$argon2id\$/);
    });

    it('a wrong current password → 400 wrong_password and nothing changes', async () => {
      const account = await t.signUp();
      const response = await t.request('POST', '/api/me/password', {
        cookie: account.cookie,
        body: { currentPassword: 'wrong wrong wrong', newPassword: 'another fine passphrase' },
      });
      expect(response.status).toBe(400);
      expect((await errorOf(response)).code).toBe('wrong_password');
      expect((await me(account.cookie)).status).toBe(200);
      expect((await t.login(account.email, account.password)).status).toBe(200);
    });

    it('the new password follows the same rules (not the email, ≥ 10 characters)', async () => {
      const account = await t.signUp();
      for (const newPassword of [account.email.toUpperCase(), 'short']) {
        const response = await t.request('POST', '/api/me/password', {
          cookie: account.cookie,
          body: { currentPassword: account.password, newPassword },
        });
        expect(response.status).toBe(400);
        expect((await errorOf(response)).message).toContain('newPassword');
      }
    });
  });

  describe('sliding expiry', () => {
    const setExpiry = (cookie: string, expiresAt: Date) =>
      t.sql.query('update sessions set expires_at = $2 where id = $1', [hashToken(tokenOf(cookie)), expiresAt]);
    const storedExpiry = async (cookie: string) =>
      (
        await t.sql.query<{ expires_at: Date }>('select expires_at from sessions where id = $1', [
          hashToken(tokenOf(cookie)),
        ])
      )[0]?.expires_at;

    it('a session with more than half its life left is not touched', async () => {
      const account = await t.signUp();
      const expiresAt = new Date(Date.now() + 20 * DAY_MS);
      await setExpiry(account.cookie, expiresAt);
      const response = await me(account.cookie);
      expect(response.status).toBe(200);
      expect(sessionCookieFrom(response)).toBeUndefined();
      expect(await storedExpiry(account.cookie)).toEqual(expiresAt);
    });

    it('a session past half-life is renewed to 30 days and its cookie re-set (same token)', async () => {
      const account = await t.signUp();
      await setExpiry(account.cookie, new Date(Date.now() + 10 * DAY_MS));
      const response = await me(account.cookie);
      expect(response.status).toBe(200);
      expect(sessionCookieFrom(response)).toBe(account.cookie);
      const renewed = (await storedExpiry(account.cookie))!.getTime();
      expect(Math.abs(renewed - (Date.now() + SESSION_LIFETIME_MS))).toBeLessThan(60_000);
    });

    it('an expired session → 401 and its row is deleted', async () => {
      const account = await t.signUp();
      await setExpiry(account.cookie, new Date(Date.now() - 1000));
      expect((await me(account.cookie)).status).toBe(401);
      expect(await storedExpiry(account.cookie)).toBeUndefined();
    });
  });

  describe('invite-only sign-up', () => {
    it('the administrator switches to invite-only: sign-up then needs a valid invite (403 signup_closed otherwise)', async () => {
      const owner = await t.signUp({ name: 'Owner' });
      const incidentId = await t.createIncident(owner.cookie, 'Invite-only');
      const invite = await t.request('POST', `/api/incidents/${incidentId}/invites`, {
        cookie: owner.cookie,
        body: { role: 'editor' },
      });
      const { token } = (await invite.json()) as { token: string };

      expect(await (await t.request('GET', '/api/admin/settings', { cookie: admin.cookie })).json()).toEqual({
        signupMode: 'open',
      });
      const switched = await t.request('PATCH', '/api/admin/settings', {
        cookie: admin.cookie,
        body: { signupMode: 'invite-only' },
      });
      expect(switched.status).toBe(200);
      expect(await switched.json()).toEqual({ signupMode: 'invite-only' });
      try {
        const closed = await t.request('POST', '/api/auth/signup', {
          body: { email: uniqueEmail('closed'), password: TEST_PASSWORD, name: 'Closed' },
        });
        expect(closed.status).toBe(403);
        expect((await errorOf(closed)).code).toBe('signup_closed');

        const bogus = await t.request('POST', '/api/auth/signup', {
          body: { email: uniqueEmail('bogus'), password: TEST_PASSWORD, name: 'Bogus', inviteToken: 'nope' },
        });
        expect(bogus.status).toBe(403);
        expect((await errorOf(bogus)).code).toBe('signup_closed');

        const invited = await t.signUp({ name: 'Invited', inviteToken: token });
        const incident = await t.request('GET', `/api/incidents/${incidentId}`, { cookie: invited.cookie });
        expect(incident.status).toBe(200);
        expect(((await incident.json()) as { role: string }).role).toBe('editor');

        // Existing accounts still sign in.
        expect((await t.login(owner.email, owner.password)).status).toBe(200);
      } finally {
        await t.request('PATCH', '/api/admin/settings', { cookie: admin.cookie, body: { signupMode: 'open' } });
      }
    });

    it('an unknown signup mode → 400', async () => {
      const response = await t.request('PATCH', '/api/admin/settings', {
        cookie: admin.cookie,
        body: { signupMode: 'closed' },
      });
      expect(response.status).toBe(400);
    });
  });
});

describe('login rate limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Behind a proxy, so each test can be its own client address.
    t = await startTestApp({ trustProxy: true });
  });

  afterAll(async () => {
    await t.close();
  });

  const from = (address: string) => ({ 'x-forwarded-for': `${address}, 10.0.0.1` });

  it('10 failures for one account → the 11th attempt gets 429 too_many_attempts with Retry-After, even with the right password', async () => {
    const account = await t.signUp();
    for (let i = 0; i < 10; i += 1) {
      expect((await t.login(account.email, 'wrong password!!', from('198.51.100.1'))).status).toBe(401);
    }
    const blocked = await t.login(account.email, account.password, from('198.51.100.2'));
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect((await errorOf(blocked)).code).toBe('too_many_attempts');
    // Another account is not affected.
    const other = await t.signUp();
    expect((await t.login(other.email, other.password, from('198.51.100.2'))).status).toBe(200);
  });

  it('a successful login clears the account’s failures', async () => {
    const account = await t.signUp();
    for (let i = 0; i < 9; i += 1) await t.login(account.email, 'wrong password!!', from('198.51.100.3'));
    expect((await t.login(account.email, account.password, from('198.51.100.3'))).status).toBe(200);
    for (let i = 0; i < 9; i += 1) {
      expect((await t.login(account.email, 'wrong password!!', from('198.51.100.3'))).status).toBe(401);
    }
  });

  it('50 failures from one address across accounts → 429 for that address only', async () => {
    const address = '203.0.113.50';
    for (let i = 0; i < 50; i += 1) {
      expect((await t.login(uniqueEmail('spray'), 'wrong password!!', from(address))).status).toBe(401);
    }
    const account = await t.signUp();
    const blocked = await t.login(account.email, account.password, from(address));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await t.login(account.email, account.password, from('203.0.113.51'))).status).toBe(200);
  });

  it('failures are stored in the database, so another process counts them too', async () => {
    const account = await t.signUp();
    for (let i = 0; i < 10; i += 1) await t.login(account.email, 'wrong password!!', from('198.51.100.9'));
    const rows = await t.sql.query<{ n: number }>('select count(*)::int as n from login_attempts where key = $1', [
      `email:${account.email}`,
    ]);
    expect(rows[0]?.n).toBe(10);
  });
});

describe('behind HTTPS', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ publicUrl: 'https://parallax.example' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('with an https PUBLIC_URL the cookie is Secure and only that origin may mutate', async () => {
    const body = { email: uniqueEmail('secure'), password: TEST_PASSWORD, name: 'Secure' };
    const local = await t.request('POST', '/api/auth/signup', { body, origin: TEST_ORIGIN });
    expect(local.status).toBe(403);
    const response = await t.request('POST', '/api/auth/signup', { body, origin: 'https://parallax.example' });
    expect(response.status).toBe(201);
    expect(response.headers.getSetCookie().find((value) => value.startsWith('parallax_session='))).toMatch(/Secure/);
  });
});
