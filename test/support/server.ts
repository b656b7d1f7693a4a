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
  });
  const running = await startParallax({ env, wrapStore: options.wrapStore, syncOptions: options.syncOptions });
  return {
    ...running,
    dataDir,
    async close() {
      await running.close();
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function createIncident(server: { url: string }, title = 'Test incident'): Promise<string> {
  const response = await fetch(`${server.url}/api/incidents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  if (response.status !== 201) throw new Error(`create incident: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { incident: { id: string } };
  return body.incident.id;
}
