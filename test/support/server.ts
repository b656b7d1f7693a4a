import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv, startParallax, type ParallaxOptions, type RunningParallax } from '@parallax/server';

export interface TestServerOptions {
  /** PostgreSQL instead of a throwaway PGlite directory. */
  databaseUrl?: string;
  /** Reuse a PGlite directory, e.g. to restart a server on the same data. */
  dataDir?: string;
  wrapStore?: ParallaxOptions['wrapStore'];
  syncOptions?: ParallaxOptions['syncOptions'];
}

export interface TestServer extends RunningParallax {
  dataDir: string;
  /** Stops the server; removes the data directory unless it was passed in. */
  close(): Promise<void>;
}

/** argon2id all the same, at the smallest cost, so suites can sign up many accounts quickly. */
const CHEAP_PASSWORD_HASHING: NonNullable<ParallaxOptions['passwordHashing']> = {
  memoryCost: 1024,
  timeCost: 1,
  parallelism: 1,
};

export const TEST_PASSWORD = 'correct horse battery staple';

/** The real server, in this process, on a free port, with its own data. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const ownsDataDir = !options.dataDir && !options.databaseUrl;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'parallax-test-')));
  const env = parseEnv({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: options.databaseUrl,
    LOG_LEVEL: process.env.PARALLAX_TEST_LOG_LEVEL ?? 'silent',
    SEED_DEMO: 'false',
    WEB_ROOT: process.env.PARALLAX_WEB_ROOT,
  });
  const running = await startParallax({
    env,
    wrapStore: options.wrapStore,
    syncOptions: options.syncOptions,
    passwordHashing: CHEAP_PASSWORD_HASHING,
  });
  return {
    ...running,
    dataDir,
    async close() {
      await running.close();
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A signed-in account: its session cookie (`parallax_session=…`) and who it is. */
export interface Session {
  cookie: string;
  user: { id: string; email: string; name: string; isAdmin: boolean };
  email: string;
  password: string;
}

export interface ApiOptions {
  cookie?: string;
  body?: unknown;
  /** Defaults to the server's own origin, as a browser on its pages sends; null sends none. */
  origin?: string | null;
}

/** An HTTP call to the server's API, the way its own web app makes it. */
export function api(server: { url: string }, method: string, path: string, options: ApiOptions = {}) {
  const headers: Record<string, string> = {};
  const origin = options.origin === undefined ? new URL(server.url).origin : options.origin;
  if (origin !== null) headers.origin = origin;
  if (options.cookie) headers.cookie = options.cookie;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${server.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

function sessionCookie(response: Response): string {
  const pair = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0]?.trim() ?? '')
    .find((candidate) => candidate.startsWith('parallax_session=') && candidate.length > 'parallax_session='.length);
  if (!pair) throw new Error(`no session cookie in the response (${response.status})`);
  return pair;
}

let accounts = 0;

/** Signs up a new account (a unique email unless given) and returns its session. */
export async function signUp(
  server: { url: string },
  options: { email?: string; name?: string; password?: string; inviteToken?: string } = {},
): Promise<Session> {
  accounts += 1;
  const email = options.email ?? `user-${accounts}-${crypto.randomUUID().slice(0, 8)}@example.test`;
  const password = options.password ?? TEST_PASSWORD;
  const response = await api(server, 'POST', '/api/auth/signup', {
    body: { email, password, name: options.name ?? `User ${accounts}`, inviteToken: options.inviteToken },
  });
  if (response.status !== 201) throw new Error(`sign-up: ${response.status} ${await response.text()}`);
  const { user } = (await response.json()) as { user: Session['user'] };
  return { cookie: sessionCookie(response), user, email: user.email, password };
}

/** A new session for an existing account. */
export async function login(server: { url: string }, email: string, password = TEST_PASSWORD): Promise<string> {
  const response = await api(server, 'POST', '/api/auth/login', { body: { email, password } });
  if (response.status !== 200) throw new Error(`login: ${response.status} ${await response.text()}`);
  return sessionCookie(response);
}

/** Creates an incident as `owner` (who becomes its owner) and returns its id. */
export async function createIncident(
  server: { url: string },
  owner: { cookie: string },
  title = 'Test incident',
): Promise<string> {
  const response = await api(server, 'POST', '/api/incidents', { cookie: owner.cookie, body: { title } });
  if (response.status !== 201) throw new Error(`create incident: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { incident: { id: string } };
  return body.incident.id;
}

/** Adds an existing account to an incident with a role, as its owner. */
export async function addMember(
  server: { url: string },
  owner: { cookie: string },
  incidentId: string,
  member: { email: string },
  role: 'owner' | 'facilitator' | 'editor' | 'viewer',
): Promise<void> {
  const response = await api(server, 'POST', `/api/incidents/${incidentId}/members`, {
    cookie: owner.cookie,
    body: { email: member.email, role },
  });
  if (response.status !== 201) throw new Error(`add member: ${response.status} ${await response.text()}`);
}
