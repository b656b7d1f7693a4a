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
  /** A socket whose send buffer holds more than this is closed as a slow consumer. Default 8 MiB. */
  maxBufferedBytes?: number;
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
  maxBufferedBytes: number;
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
    maxBufferedBytes: options.maxBufferedBytes ?? 8 * MiB,
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
