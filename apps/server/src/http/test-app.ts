/**
 * The API in-process for tests: a fresh database (PGlite, or a schema of its own in PostgreSQL), the real services and app, and helpers that speak HTTP the
 * way a browser on our own origin does (Origin header, session cookie). No port: requests go through app.request().
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { SqlDocumentStore, migrate, openDatabase, type SqlClient } from '@parallax/db';
import { SyncServer } from '@parallax/sync';
import { createApp } from '../app.ts';
import type { LoginLimits } from '../auth/login-limiter.ts';
import type { PasswordHashingOptions } from '../auth/passwords.ts';
import { SESSION_COOKIE } from '../auth/session-cookie.ts';
import { createLogger } from '../logger.ts';
import { createServices } from '../services.ts';
import type { Services } from './context.ts';
import type { PublicUser } from './users.ts';

/** app.request() builds URLs on http://localhost, so that is our own origin. */
export const TEST_ORIGIN = 'http://localhost';

/** argon2id all the same, at the smallest cost, so suites can sign up hundreds of accounts. */
export const CHEAP_PASSWORD_HASHING: PasswordHashingOptions = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

export const TEST_PASSWORD = 'correct horse battery staple';

export interface RequestOptions {
  cookie?: string;
  body?: unknown;
  /** Defaults to the app's own origin (PUBLIC_URL's, else TEST_ORIGIN); null sends none. */
  origin?: string | null;
  headers?: Record<string, string>;
}

export interface SignedIn {
  /** `parallax_session=<token>`, ready for a Cookie header. */
  cookie: string;
  user: PublicUser;
  email: string;
  password: string;
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  services: Services;
  sql: SqlClient;
  sync: SyncServer;
  request(method: string, path: string, options?: RequestOptions): Promise<Response>;
  signUp(options?: { email?: string; name?: string; password?: string; inviteToken?: string }): Promise<SignedIn>;
  login(email: string, password: string, headers?: Record<string, string>): Promise<Response>;
  createIncident(cookie: string, title?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /**
   * PostgreSQL (e.g. the run's database from test/setup/global.ts) instead of PGlite: the app gets a fresh schema of
   * its own there, dropped on close, so it starts as empty as a PGlite directory (first sign-up is the admin).
   */
  databaseUrl?: string;
  publicUrl?: string;
  trustProxy?: boolean;
  loginLimits?: LoginLimits;
}

let accountCounter = 0;

/** A unique, valid email for a test account. */
export function uniqueEmail(label = 'user'): string {
  accountCounter += 1;
  return `${label}-${accountCounter}-${crypto.randomUUID().slice(0, 8)}@example.test`;
}

/** The session cookie a response set, as `name=value`; undefined when it set none (or cleared it). */
export function sessionCookieFrom(response: Response): string | undefined {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    if (pair?.startsWith(`${SESSION_COOKIE}=`) && pair.length > SESSION_COOKIE.length + 1) return pair.trim();
  }
  return undefined;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = options.databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'parallax-http-'));
  const schema = options.databaseUrl ? await createSchema(options.databaseUrl) : undefined;
  const sql = await openDatabase({ dataDir, databaseUrl: schema?.url, poolSize: 4 });
  await migrate(sql);
  const sync = new SyncServer({ store: new SqlDocumentStore(sql) });
  const services = createServices({
    sql,
    sync,
    logger: createLogger('silent'),
    originPolicy: { publicUrl: options.publicUrl, trustProxy: options.trustProxy ?? false },
    passwordHashing: CHEAP_PASSWORD_HASHING,
    loginLimits: options.loginLimits,
  });
  const app = createApp({ services });
  const ownOrigin = options.publicUrl ? new URL(options.publicUrl).origin : TEST_ORIGIN;

  const request = async (method: string, path: string, requestOptions: RequestOptions = {}): Promise<Response> => {
    const headers: Record<string, string> = { ...requestOptions.headers };
    const origin = requestOptions.origin === undefined ? ownOrigin : requestOptions.origin;
    if (origin !== null) headers.origin = origin;
    if (requestOptions.cookie) headers.cookie = requestOptions.cookie;
    if (requestOptions.body !== undefined) headers['content-type'] = 'application/json';
    return app.request(path, {
      method,
      headers,
      body: requestOptions.body === undefined ? undefined : JSON.stringify(requestOptions.body),
    });
  };

  const testApp: TestApp = {
    app,
    services,
    sql,
    sync,
    request,
    async signUp(signUpOptions = {}) {
      const email = signUpOptions.email ?? uniqueEmail();
      const password = signUpOptions.password ?? TEST_PASSWORD;
      const response = await request('POST', '/api/auth/signup', {
        body: {
          email,
          password,
          name: signUpOptions.name ?? email.split('@')[0],
          inviteToken: signUpOptions.inviteToken,
        },
      });
      if (response.status !== 201) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
      const cookie = sessionCookieFrom(response);
      if (!cookie) throw new Error('sign-up set no session cookie');
      const { user } = (await response.json()) as { user: PublicUser };
      return { cookie, user, email: user.email, password };
    },
    login(email, password, headers) {
      return request('POST', '/api/auth/login', { body: { email, password }, headers });
    },
    async createIncident(cookie, title = 'Test incident') {
      const response = await request('POST', '/api/incidents', { cookie, body: { title } });
      if (response.status !== 201) throw new Error(`create incident: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { incident: { id: string } }).incident.id;
    },
    async close() {
      await sync.shutdown();
      await sql.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
      await schema?.drop();
    },
  };
  return testApp;
}

/** A fresh schema in the PostgreSQL database, and a URL whose connections start in it. */
async function createSchema(databaseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `t_${crypto.randomUUID().replaceAll('-', '')}`;
  const admin = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create schema ${name}`);
  // postgres.js sends unknown URL parameters as startup parameters, so every connection starts in the schema.
  const url = new URL(databaseUrl);
  url.searchParams.set('search_path', name);
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop schema ${name} cascade`);
      await admin.end();
    },
  };
}
