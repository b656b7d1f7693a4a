/**
 * Measurements the sync server reports through the optional `onMetric` hook, so the app can feed Prometheus
 * without this package knowing about it.
 */
export type SyncMetric =
  | { type: 'room-loaded'; docId: string; durationMs: number; updates: number; bytes: number }
  | { type: 'room-load-failed'; docId: string; durationMs: number }
  | { type: 'room-unloaded'; docId: string }
  | { type: 'update-applied'; docId: string; bytes: number }
  | { type: 'commit'; docId: string; updates: number; bytes: number; durationMs: number }
  | { type: 'commit-failed'; docId: string; updates: number; attempt: number }
  | { type: 'compaction'; docId: string; bytes: number; durationMs: number; reason: CompactionReason }
  | { type: 'compaction-failed'; docId: string; reason: CompactionReason }
  | { type: 'connection-opened'; docId: string }
  | { type: 'connection-closed'; docId: string; code: number | null };

export type CompactionReason = 'size' | 'idle';

export type MetricSink = (metric: SyncMetric) => void;
