/**
 * `npm run bench`: the figures the README quotes. Not a test: it asserts nothing and prints a table.
 * The server runs as its own process (the built bundle, as `npm start` runs it) so the clients' work in this process
 * does not slow it down; both still share this machine's two cores, which the figures include.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import {
  addEvent,
  diffIncidents,
  eventText,
  eventsMap,
  findBlamelessHints,
  listEvents,
  projectIncident,
} from '@parallax/model';
import { IncidentRepository, SqlDocumentStore, migrate, openDatabase } from '@parallax/db';
import { buildIncidentDoc } from '@parallax/testing';
import { connectClient, type SyncClient } from '../support/clients.ts';
import { editorBench } from './editor.ts';
import { createIncident, signUp, startTestServer, type Session } from '../support/server.ts';
import { spawnServer, type ServerProcess } from '../support/process.ts';

interface Row {
  benchmark: string;
  driver: string;
  result: string;
}

// Every y-websocket provider registers a process 'exit' listener in Node; hundreds of clients are the point here.
process.setMaxListeners(0);

const rows: Row[] = [];
const postgresUrl = process.env.DATABASE_URL;
const drivers: { name: string; databaseUrl?: string }[] = [{ name: 'PGlite' }];
if (postgresUrl) drivers.push({ name: 'PostgreSQL', databaseUrl: postgresUrl });
else console.warn('DATABASE_URL not set: PostgreSQL figures are skipped.');

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function withServer<T>(
  driver: { databaseUrl?: string },
  run: (server: ServerProcess, session: Session, dataDir: string) => Promise<T>,
) {
  const dataDir = await mkdtemp(join(tmpdir(), 'parallax-bench-'));
  const server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: driver.databaseUrl, LOG_LEVEL: 'warn' });
  try {
    // Every client signs in as one account: sessions are checked once per socket, at the upgrade.
    return await run(server, await signUp(server, { name: 'Bench' }), dataDir);
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function connectAll(url: string, incidentId: string, count: number, session: Session): Promise<SyncClient[]> {
  const clients = Array.from({ length: count }, () => connectClient(url, incidentId, session));
  await Promise.all(clients.map((client) => client.synced()));
  return clients;
}

async function fanOut(driver: { name: string; databaseUrl?: string }) {
  const CLIENTS = 50;
  const ROUNDS = 200;
  await withServer(driver, async (server, session) => {
    const incidentId = await createIncident(server, session, 'Fan-out');
    const clients = await connectAll(server.url, incidentId, CLIENTS, session);
    const [writer, ...readers] = clients as [SyncClient, ...SyncClient[]];
    const latencies: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const started = performance.now();
      const arrivals = readers.map(
        (reader) =>
          new Promise<void>((resolve) => {
            const onUpdate = () => {
              if (eventsMap(reader.doc).size > round) {
                latencies.push(performance.now() - started);
                reader.doc.off('update', onUpdate);
                resolve();
              }
            };
            reader.doc.on('update', onUpdate);
          }),
      );
      addEvent(
        writer.doc,
        { occurredAt: new Date(Date.UTC(2026, 2, 10, 14, 0, round)).toISOString(), text: `round ${round}` },
        { userId: 'bench' },
      );
      await Promise.all(arrivals);
    }
    rows.push({
      benchmark: `fan-out, ${CLIENTS} clients in one incident (${ROUNDS} edits → ${latencies.length} deliveries)`,
      driver: driver.name,
      result: `p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}`,
    });
    clients.forEach((client) => client.destroy());
  });
}

async function durability(driver: { name: string; databaseUrl?: string }) {
  const EDITS = 300;
  await withServer(driver, async (server, session) => {
    const incidentId = await createIncident(server, session, 'Durability');
    const [writer] = (await connectAll(server.url, incidentId, 1, session)) as [SyncClient];
    await writer.saved();
    const latencies: number[] = [];
    for (let i = 0; i < EDITS; i += 1) {
      const started = performance.now();
      addEvent(
        writer.doc,
        { occurredAt: new Date(Date.UTC(2026, 2, 10, 14, 0, i)).toISOString(), text: `edit ${i}` },
        { userId: 'bench' },
      );
      await writer.saved();
      latencies.push(performance.now() - started);
    }
    rows.push({
      benchmark: `durability: edit → "saved" notice after the commit (${EDITS} sequential edits)`,
      driver: driver.name,
      result: `p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}`,
    });
    writer.destroy();
  });
}

async function coldSync(driver: { name: string; databaseUrl?: string }) {
  const EVENTS = 10_000;
  const dataDir = await mkdtemp(join(tmpdir(), 'parallax-bench-cold-'));
  try {
    const source = buildIncidentDoc({ events: EVENTS, seed: 7 });
    const state = Y.encodeStateAsUpdate(source);
    const incidentId = crypto.randomUUID();
    // Write straight to the store, as a long-lived incident would sit there, then start a server that has never seen it.
    const sql = await openDatabase({ dataDir, databaseUrl: driver.databaseUrl });
    await migrate(sql);
    // Open to everyone signed in, so the benchmark's fresh account can read it without a membership.
    await new IncidentRepository(sql).create({ id: incidentId, title: 'Cold sync', organisationCanView: true });
    await new SqlDocumentStore(sql).append(incidentId, [state]);
    await sql.close();

    const server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: driver.databaseUrl, LOG_LEVEL: 'warn' });
    try {
      const session = await signUp(server, { name: 'Cold reader' });
      const started = performance.now();
      const client = connectClient(server.url, incidentId, session);
      await client.synced();
      const elapsed = performance.now() - started;
      const count = listEvents(client.doc).length;
      if (count !== EVENTS) throw new Error(`cold sync delivered ${count} events, expected ${EVENTS}`);
      const warmStarted = performance.now();
      const warm = connectClient(server.url, incidentId, session);
      await warm.synced();
      const warmElapsed = performance.now() - warmStarted;
      rows.push({
        benchmark: `cold sync of a ${EVENTS.toLocaleString('en')}-event incident (${(state.byteLength / 1024 / 1024).toFixed(1)} MiB) from the store`,
        driver: driver.name,
        result: `${ms(elapsed)} to synced (already loaded: ${ms(warmElapsed)})`,
      });
      client.destroy();
      warm.destroy();
    } finally {
      await server.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return kib * 1024;
}

async function idleConnections(driver: { name: string; databaseUrl?: string }) {
  const CONNECTIONS = 500;
  const INCIDENTS = 10;
  await withServer(driver, async (server, session) => {
    const pid = server.child.pid;
    if (pid === undefined) throw new Error('server has no pid');
    const incidentIds = await Promise.all(
      Array.from({ length: INCIDENTS }, (_, i) => createIncident(server, session, `Idle ${i}`)),
    );
    // One client per incident first, so the rooms' own memory is not counted as the connections'.
    const warm = await Promise.all(incidentIds.map((id) => connectAll(server.url, id, 1, session)));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = await rssOf(pid);
    const clients: SyncClient[] = [];
    for (const id of incidentIds) {
      clients.push(...(await connectAll(server.url, id, CONNECTIONS / INCIDENTS, session)));
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = await rssOf(pid);
    rows.push({
      benchmark: `RSS per idle connection (${CONNECTIONS} connections over ${INCIDENTS} incidents)`,
      driver: driver.name,
      result: `${((after - before) / CONNECTIONS / 1024).toFixed(1)} KiB (server RSS ${(after / 1024 / 1024).toFixed(0)} MiB)`,
    });
    [...clients, ...warm.flat()].forEach((client) => client.destroy());
  });
}

/** Pure model work that the UI runs on every change of a large incident; no server involved. */
async function model(driver: { name: string }) {
  if (driver.name !== 'PGlite') return; // no database involved: measure once
  const EVENTS = 10_000;
  const before = buildIncidentDoc({ events: EVENTS, seed: 11 });
  const after = new Y.Doc();
  Y.applyUpdate(after, Y.encodeStateAsUpdate(before));
  const events = listEvents(after);
  for (let i = 0; i < 100; i += 1) eventText(after, events[i * 97]?.id ?? '')?.insert(0, 'Revised: ');
  const timings: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    const started = performance.now();
    diffIncidents(projectIncident(before), projectIncident(after));
    timings.push(performance.now() - started);
  }
  rows.push({
    benchmark: `diff of a ${EVENTS.toLocaleString('en')}-event incident with 100 edited events (projection + diff, 5 runs)`,
    driver: '—',
    result: `median ${ms(percentile(timings, 50))}`,
  });
  const texts = listEvents(before).map((event) => event.text);
  const hintTimings: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    const started = performance.now();
    for (const text of texts) findBlamelessHints(text);
    hintTimings.push(performance.now() - started);
  }
  rows.push({
    benchmark: `blameless-language hints over ${texts.length.toLocaleString('en')} event texts (5 runs)`,
    driver: '—',
    result: `median ${ms(percentile(hintTimings, 50))}`,
  });
}

/**
 * Calibration rounds on a 10,000-event incident, in-process against the real services: taking a snapshot (flush,
 * encode V2, projection, insert of state and projection) and diffing it against the live document after 100 events
 * were edited (stored projection + live projection + diff), plus restoring it as a forward edit (restore point
 * included) and restoring back.
 */
async function snapshots(driver: { name: string; databaseUrl?: string }) {
  const EVENTS = 10_000;
  const RUNS = 5;
  const dataDir = await mkdtemp(join(tmpdir(), 'parallax-bench-snapshots-'));
  const server = await startTestServer({ databaseUrl: driver.databaseUrl, dataDir });
  try {
    const session = await signUp(server, { name: 'Bench' });
    const incidentId = await createIncident(server, session, 'Snapshots');
    const state = Y.encodeStateAsUpdate(buildIncidentDoc({ events: EVENTS, seed: 5 }));
    await server.sync.withDocument(incidentId, (doc) => Y.applyUpdate(doc, state));
    const { history } = server.services;

    const takeTimings: number[] = [];
    let snapshot: Awaited<ReturnType<typeof history.take>> | undefined;
    for (let run = 0; run < RUNS; run += 1) {
      // One small edit first, so every run has something to flush.
      await server.sync.withDocument(incidentId, (doc) => {
        eventText(doc, listEvents(doc)[run]?.id ?? '')?.insert(0, ' ');
      });
      const started = performance.now();
      snapshot = await history.take(incidentId, { label: `Bench ${run}`, kind: 'named', createdBy: session.user.id });
      takeTimings.push(performance.now() - started);
    }
    if (!snapshot) throw new Error('no snapshot taken');
    const taken = snapshot;

    await server.sync.withDocument(incidentId, (doc) => {
      const events = listEvents(doc);
      for (let i = 0; i < 100; i += 1) eventText(doc, events[i * 97 + 50]?.id ?? '')?.insert(0, 'Revised: ');
    });
    const diffTimings: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const started = performance.now();
      const diff = await history.diff(incidentId, { kind: 'snapshot', snapshot: taken }, { kind: 'live' });
      diffTimings.push(performance.now() - started);
      if (diff.events.changed.length !== 100) throw new Error(`diff found ${diff.events.changed.length} changes`);
    }

    const restoreTimings: number[] = [];
    let target = taken;
    for (let run = 0; run < 4; run += 1) {
      const started = performance.now();
      const { restorePoint, changed } = await history.restore(target, session.user.id);
      restoreTimings.push(performance.now() - started);
      if (!changed) throw new Error('restore changed nothing');
      target = restorePoint;
    }

    const mib = (taken.stateBytes / 1024 / 1024).toFixed(1);
    rows.push(
      {
        benchmark: `snapshot of a ${EVENTS.toLocaleString('en')}-event incident (flush + encode V2 ${mib} MiB + projection + insert, ${RUNS} runs)`,
        driver: driver.name,
        result: `median ${ms(percentile(takeTimings, 50))}`,
      },
      {
        benchmark: `diff snapshot ↔ live, ${EVENTS.toLocaleString('en')} events with 100 edited (stored + live projection + diff, ${RUNS} runs)`,
        driver: driver.name,
        result: `median ${ms(percentile(diffTimings, 50))}`,
      },
      {
        benchmark: `restore of that snapshot as a forward edit, restore point included (4 runs, back and forth)`,
        driver: driver.name,
        result: `median ${ms(percentile(restoreTimings, 50))}`,
      },
    );
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const only = process.argv.slice(2);
const suites = {
  fanOut,
  durability,
  coldSync,
  idleConnections,
  model,
  snapshots,
  // The browser's side does not depend on the database driver: measure once.
  editor: async (driver: { name: string }) => {
    if (driver.name === 'PGlite') rows.push(...(await editorBench(driver)));
  },
} as const;
for (const driver of drivers) {
  for (const [name, suite] of Object.entries(suites)) {
    if (only.length > 0 && !only.includes(name)) continue;
    process.stdout.write(`running ${name} on ${driver.name}…\n`);
    await suite(driver);
  }
}

const widths = [
  Math.max(...rows.map((row) => row.benchmark.length), 9),
  Math.max(...rows.map((row) => row.driver.length), 6),
  Math.max(...rows.map((row) => row.result.length), 6),
];
const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
console.log(`\n${line(['benchmark', 'driver', 'result'])}`);
console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
for (const row of rows) console.log(line([row.benchmark, row.driver, row.result]));
process.exit(0);
