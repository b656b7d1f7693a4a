/**
 * Shared set-up for this package's tests (not exported): a SyncServer over a MemoryDocumentStore, a logger that
 * records, and in-memory clients.
 */
import * as decoding from 'lib0/decoding';
import { MemoryDocumentStore, MemorySyncClient, settle } from '@parallax/testing';
import { onTestFinished } from 'vitest';
import type { MemorySyncClientOptions } from '@parallax/testing';
import type { Connection } from './Connection.ts';
import type { Logger } from './logger.ts';
import { MessageType, SyncMessageType } from './message-types.ts';
import type { SyncMetric } from './metrics.ts';
import type { SyncServerOptions } from './options.ts';
import { SyncServer } from './SyncServer.ts';
import type { ConnectionContext } from './types.ts';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  obj: object;
  msg: string;
}

export interface RecordingLogger extends Logger {
  readonly entries: LogEntry[];
  messages(level: LogEntry['level']): string[];
}

export function createRecordingLogger(): RecordingLogger {
  const entries: LogEntry[] = [];
  const record = (level: LogEntry['level']) => (obj: object, msg: string) => {
    entries.push({ level, obj, msg });
  };
  return {
    entries,
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    messages: (level) => entries.filter((entry) => entry.level === level).map((entry) => entry.msg),
  };
}

export const editor: ConnectionContext = {
  userId: 'u-editor',
  userName: 'Edith Editor',
  role: 'editor',
  readOnly: false,
};
export const viewer: ConnectionContext = { userId: 'u-viewer', userName: 'Vic Viewer', role: 'viewer', readOnly: true };

export interface Harness {
  store: MemoryDocumentStore;
  server: SyncServer;
  logger: RecordingLogger;
  metrics: SyncMetric[];
  clients: MemorySyncClient[];
  /** A new in-memory client on `docId`, connected (its frames wait until delivered). */
  connect(docId: string, context?: Partial<ConnectionContext>, options?: MemorySyncClientOptions): MemorySyncClient;
  /** Delivers every frame of every client and lets the server's async work run, until quiet. */
  settle(): Promise<void>;
}

export function createHarness(options: Partial<SyncServerOptions> = {}): Harness {
  const store = new MemoryDocumentStore();
  const logger = createRecordingLogger();
  const metrics: SyncMetric[] = [];
  const server = new SyncServer({
    store,
    logger,
    idleUnloadMs: 60_000,
    retry: { initialMs: 10, maxMs: 80 },
    onMetric: (metric) => metrics.push(metric),
    ...options,
  });
  const clients: MemorySyncClient[] = [];
  let nextUser = 1;
  // Free awareness timers and documents after each test; a store a test left failing or held keeps its rooms, which
  // only costs memory until the worker exits.
  onTestFinished(() => {
    for (const client of clients) client.destroy();
    server.shutdown().catch((error: unknown) => logger.error({ err: error }, 'test harness shutdown failed'));
  });
  return {
    store,
    server,
    logger,
    metrics,
    clients,
    connect(docId, context = {}, clientOptions = {}) {
      const user = nextUser++;
      // A distinct user per client unless the test says otherwise, as awareness binding depends on it.
      const full = { ...editor, userId: `u-${user}`, userName: `User ${user}`, ...context };
      const client = new MemorySyncClient((socket) => server.handleConnection(docId, socket, full), clientOptions);
      clients.push(client);
      return client;
    },
    settle: () => settle(clients),
  };
}

/** The server-side Connection behind an in-memory client. */
export function connectionOf(client: MemorySyncClient): Connection {
  if (client.endpoint === null) throw new Error('client is not connected');
  return client.endpoint as Connection;
}

export function text(client: { doc: { getText(name: string): { toString(): string } } }, name = 'text'): string {
  return client.doc.getText(name).toString();
}

export type FrameKind =
  'sync-step1' | 'sync-step2' | 'sync-update' | 'awareness' | 'auth' | 'query-awareness' | 'saved' | `other-${number}`;

/** What a frame the server sent is, for asserting on the order and kind of frames. */
export function frameKind(frame: Uint8Array): FrameKind {
  const decoder = decoding.createDecoder(frame);
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MessageType.Sync: {
      const sub = decoding.readVarUint(decoder);
      if (sub === SyncMessageType.Step1) return 'sync-step1';
      return sub === SyncMessageType.Step2 ? 'sync-step2' : 'sync-update';
    }
    case MessageType.Awareness:
      return 'awareness';
    case MessageType.Auth:
      return 'auth';
    case MessageType.QueryAwareness:
      return 'query-awareness';
    case MessageType.Saved:
      return 'saved';
    default:
      return `other-${type}`;
  }
}

export function frameKinds(frames: readonly Uint8Array[]): FrameKind[] {
  return frames.map(frameKind);
}

/** The frames the server sent to a client's current socket. */
export function sentTo(client: MemorySyncClient): Uint8Array[] {
  if (client.socket === null) throw new Error('client has no socket');
  return client.socket.sent;
}
