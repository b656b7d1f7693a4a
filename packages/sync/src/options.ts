import type { Logger } from './logger.ts';
import { noopLogger } from './logger.ts';
import type { MetricSink } from './metrics.ts';
import type { DocumentStore } from './types.ts';

export interface RetryOptions {
  /** Delay before the first retry of a failed store call. */
  initialMs: number;
  /** The delay doubles per consecutive failure up to this. */
  maxMs: number;
}

/** A token bucket: up to `burst` at once, refilled at `perSecond`. */
export interface RateLimit {
  burst: number;
  perSecond: number;
}

export interface SyncServerOptions {
  store: DocumentStore;
  logger?: Logger;
  /** Compact once the log since the last checkpoint holds more bytes than this. Default 1 MiB. */
  compactAfterBytes?: number;
  /** Compact once the log since the last checkpoint holds more updates than this. Default 500. */
  compactAfterUpdates?: number;
  /** How long a room without connections stays in memory before it is flushed, compacted and unloaded. 30 s. */
  idleUnloadMs?: number;
  /** Largest frame accepted from a client. Default 2 MiB. */
  maxMessageBytes?: number;
  /** Frames a connection may queue while its document loads. Default 1000. */
  maxQueuedMessages?: number;
  /** Bytes a connection may queue while its document loads. Default 8 MiB. */
  maxQueuedBytes?: number;
  /** Bytes all connections of one document may queue together while it loads. Default 32 MiB. */
  maxRoomQueuedBytes?: number;
  /** A load that has not finished after this long fails (LOAD_FAILED). Default 30 s. */
  loadTimeoutMs?: number;
  /**
   * After a failed load, connections and API calls for that document fail at once (LOAD_FAILED) for this long,
   * doubling per consecutive failure, instead of hitting the store again. Default 1 s doubling to 30 s.
   */
  loadRetry?: RetryOptions;
  /** A socket whose send buffer holds more than this is closed as a slow consumer. Default 8 MiB. */
  maxBufferedBytes?: number;
  /** Sync step 1 frames answered per connection; more wait (only the newest is answered). Default 10, 2/s. */
  syncStep1Rate?: RateLimit;
  /** Awareness states applied per connection; more wait (only the newest is applied). Default 30, 10/s. */
  awarenessRate?: RateLimit;
  /** Largest awareness state (JSON bytes) a connection may set; larger closes it. Default 16 KiB. */
  maxAwarenessStateBytes?: number;
  /** How long the room remembers a departed awareness client id (its user and clock). Default 10 min. */
  awarenessRetentionMs?: number;
  /**
   * A connection that was sent nothing for this long gets an empty awareness message, so y-websocket's 30 s
   * "no message received" timeout never fires on a quiet document. Default 15 s; 0 turns it off.
   */
  keepAliveMs?: number;
  /** Backoff for failed appends and compactions. Default 100 ms doubling to 5 s. */
  retry?: RetryOptions;
  /** Optional measurements hook; exceptions it throws are logged, never propagated. */
  onMetric?: MetricSink;
}

export interface ResolvedOptions {
  store: DocumentStore;
  logger: Logger;
  compactAfterBytes: number;
  compactAfterUpdates: number;
  idleUnloadMs: number;
  maxMessageBytes: number;
  maxQueuedMessages: number;
  maxQueuedBytes: number;
  maxRoomQueuedBytes: number;
  loadTimeoutMs: number;
  loadRetry: RetryOptions;
  maxBufferedBytes: number;
  syncStep1Rate: RateLimit;
  awarenessRate: RateLimit;
  maxAwarenessStateBytes: number;
  awarenessRetentionMs: number;
  keepAliveMs: number;
  retry: RetryOptions;
  metric: MetricSink;
}

const MiB = 1024 * 1024;

export function resolveOptions(options: SyncServerOptions): ResolvedOptions {
  const logger = options.logger ?? noopLogger;
  const onMetric = options.onMetric;
  return {
    store: options.store,
    logger,
    compactAfterBytes: options.compactAfterBytes ?? 1 * MiB,
    compactAfterUpdates: options.compactAfterUpdates ?? 500,
    idleUnloadMs: options.idleUnloadMs ?? 30_000,
    maxMessageBytes: options.maxMessageBytes ?? 2 * MiB,
    maxQueuedMessages: options.maxQueuedMessages ?? 1000,
    maxQueuedBytes: options.maxQueuedBytes ?? 8 * MiB,
    maxRoomQueuedBytes: options.maxRoomQueuedBytes ?? 32 * MiB,
    loadTimeoutMs: options.loadTimeoutMs ?? 30_000,
    loadRetry: options.loadRetry ?? { initialMs: 1_000, maxMs: 30_000 },
    maxBufferedBytes: options.maxBufferedBytes ?? 8 * MiB,
    syncStep1Rate: options.syncStep1Rate ?? { burst: 10, perSecond: 2 },
    awarenessRate: options.awarenessRate ?? { burst: 30, perSecond: 10 },
    maxAwarenessStateBytes: options.maxAwarenessStateBytes ?? 16 * 1024,
    awarenessRetentionMs: options.awarenessRetentionMs ?? 10 * 60_000,
    keepAliveMs: options.keepAliveMs ?? 15_000,
    retry: options.retry ?? { initialMs: 100, maxMs: 5_000 },
    metric: onMetric
      ? (metric) => {
          try {
            onMetric(metric);
          } catch (error) {
            logger.error({ err: error, metric: metric.type }, 'sync metric hook threw');
          }
        }
      : () => undefined,
  };
}
