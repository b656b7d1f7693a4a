import * as Y from 'yjs';
import { Backoff } from './Backoff.ts';
import type { CompactionReason } from './metrics.ts';
import type { ResolvedOptions } from './options.ts';

/** Under sustained load the queue may never drain; past this multiple of a threshold, compact anyway. */
const SUSTAINED_LOAD_FACTOR = 4;

export interface CommitterInit {
  docId: string;
  doc: Y.Doc;
  options: ResolvedOptions;
  /** Highest seq the loaded document contains (its checkpoint's or its last update's). */
  lastSeq: number;
  /** Size of the log since the checkpoint, as loaded. */
  logUpdates: number;
  logBytes: number;
  /** Called after every successful append, so the room can tell subscribers what is saved. */
  onCommitted: () => void;
}

interface Waiter {
  target: number;
  resolve: () => void;
}

/**
 * Group commit of one room's updates to the store (SYNC-DUR-*), plus compaction (SYNC-COMPACT-*).
 *
 * Every change the document emits is enqueued in order. One loop per room does all store writes, so there is at
 * most one append (or compaction) in flight; whatever arrives meanwhile forms the next batch. A failed append puts
 * its batch back in front of the queue and is retried with backoff, so nothing is dropped or reordered.
 *
 * Progress is counted in updates: `appliedCount` (enqueued so far) and `committedCount` (durably stored). A caller
 * that needs "everything up to now is stored" waits for committedCount to reach the appliedCount it saw.
 */
export class UpdateCommitter {
  private readonly docId: string;
  private readonly doc: Y.Doc;
  private readonly options: ResolvedOptions;
  private readonly onCommitted: () => void;
  private readonly appendBackoff: Backoff;
  private readonly compactBackoff: Backoff;

  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private inFlight = 0;
  private running = false;
  private applied = 0;
  private committed = 0;
  private storedStateVector: Uint8Array;
  private lastSeq: number;
  private logUpdates: number;
  private logBytes: number;
  private compactNotBefore = 0;
  private waiters: Waiter[] = [];
  private idleCompactionWaiters: (() => void)[] = [];

  constructor(init: CommitterInit) {
    this.docId = init.docId;
    this.doc = init.doc;
    this.options = init.options;
    this.onCommitted = init.onCommitted;
    this.lastSeq = init.lastSeq;
    this.logUpdates = init.logUpdates;
    this.logBytes = init.logBytes;
    this.appendBackoff = new Backoff(init.options.retry);
    this.compactBackoff = new Backoff(init.options.retry);
    // Everything loaded is stored by definition.
    this.storedStateVector = Y.encodeStateVector(init.doc);
  }

  /** Updates enqueued so far (a room-local counter, not a store seq). */
  get appliedCount(): number {
    return this.applied;
  }

  /** Updates durably stored so far. */
  get committedCount(): number {
    return this.committed;
  }

  /** State vector of the durably stored document: captured when the last successful batch was cut. */
  get stateVector(): Uint8Array {
    return this.storedStateVector;
  }

  /** Updates not yet durably stored (queued plus in flight). */
  get pendingCount(): number {
    return this.pending.length + this.inFlight;
  }

  /** True when no store call is running or due. */
  get idle(): boolean {
    return !this.running && this.pendingCount === 0 && this.idleCompactionWaiters.length === 0;
  }

  /** Log size since the last checkpoint (exposed for tests and stats). */
  get log(): { updates: number; bytes: number; lastSeq: number } {
    return { updates: this.logUpdates, bytes: this.logBytes, lastSeq: this.lastSeq };
  }

  enqueue(update: Uint8Array): void {
    this.pending.push(update);
    this.pendingBytes += update.byteLength;
    this.applied++;
    this.kick();
  }

  /** Resolves once the first `target` updates are durably stored. Never rejects: failed appends are retried. */
  waitFor(target: number): Promise<void> {
    if (this.committed >= target) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ target, resolve }));
  }

  /** Resolves once everything enqueued before this call is durably stored. */
  flush(): Promise<void> {
    return this.waitFor(this.applied);
  }

  /**
   * Compacts once the queue has drained, if anything was logged since the last checkpoint. Resolves after the
   * attempt; a failed compaction is logged and leaves the log as it was, which is still complete.
   */
  compactWhenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleCompactionWaiters.push(resolve);
      this.kick();
    });
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    // A microtask, not a timer: the first commit starts right away, later ones batch behind it (SYNC-DUR-2).
    queueMicrotask(() => {
      void this.run();
    });
  }

  private async run(): Promise<void> {
    try {
      for (;;) {
        if (this.pending.length > 0) {
          if (this.compactionDue(SUSTAINED_LOAD_FACTOR)) await this.compact('size');
          else await this.commitNext();
          continue;
        }
        if (this.idleCompactionWaiters.length > 0) {
          const waiters = this.idleCompactionWaiters;
          this.idleCompactionWaiters = [];
          await this.compact('idle');
          for (const resolve of waiters) resolve();
          continue;
        }
        if (this.compactionDue(1)) {
          await this.compact('size');
          continue;
        }
        break;
      }
      this.running = false;
    } catch (error) {
      // Store failures are handled inside commitNext/compact; reaching this is a bug. Keep the queue and retry later
      // rather than lose updates.
      const delay = this.appendBackoff.next();
      this.options.logger.error({ err: error, docId: this.docId, retryInMs: delay }, 'sync commit loop failed');
      setTimeout(() => {
        this.running = false;
        this.kick();
      }, delay);
    }
  }

  private async commitNext(): Promise<void> {
    const batch = this.pending;
    const bytes = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    this.inFlight = batch.length;
    // Everything applied so far is in this batch or in earlier committed ones, so once this append succeeds the
    // document at this state vector is durable (SYNC-SAVED-3).
    const stateVector = Y.encodeStateVector(this.doc);
    const target = this.applied;
    const started = performance.now();
    try {
      const seq = await this.options.store.append(this.docId, batch);
      this.inFlight = 0;
      this.committed = target;
      this.storedStateVector = stateVector;
      this.lastSeq = seq;
      this.logUpdates += batch.length;
      this.logBytes += bytes;
      this.appendBackoff.reset();
      this.options.metric({
        type: 'commit',
        docId: this.docId,
        updates: batch.length,
        bytes,
        durationMs: performance.now() - started,
      });
      this.resolveWaiters();
      this.onCommitted();
    } catch (error) {
      this.inFlight = 0;
      this.pending = batch.concat(this.pending);
      this.pendingBytes += bytes;
      const delay = this.appendBackoff.next();
      const attempt = this.appendBackoff.attempts;
      this.options.logger.error(
        { err: error, docId: this.docId, updates: this.pending.length, attempt, retryInMs: delay },
        'sync append failed; keeping updates in memory and retrying',
      );
      this.options.metric({ type: 'commit-failed', docId: this.docId, updates: batch.length, attempt });
      await sleep(delay);
    }
  }

  private compactionDue(factor: number): boolean {
    if (this.logUpdates === 0 || Date.now() < this.compactNotBefore) return false;
    return (
      this.logBytes > this.options.compactAfterBytes * factor ||
      this.logUpdates > this.options.compactAfterUpdates * factor
    );
  }

  /**
   * Writes the document itself as the checkpoint (SYNC-COMPACT-2). Encoding the live Y.Doc, rather than merging
   * stored updates, costs one pass over the document however many tiny updates the log holds.
   */
  private async compact(reason: CompactionReason): Promise<void> {
    if (this.logUpdates === 0) return;
    const state = Y.encodeStateAsUpdate(this.doc);
    const uptoSeq = this.lastSeq;
    const coveredUpdates = this.logUpdates;
    const coveredBytes = this.logBytes;
    const started = performance.now();
    try {
      await this.options.store.compact(this.docId, state, uptoSeq);
      this.logUpdates -= coveredUpdates;
      this.logBytes -= coveredBytes;
      this.compactBackoff.reset();
      this.compactNotBefore = 0;
      const durationMs = performance.now() - started;
      this.options.metric({ type: 'compaction', docId: this.docId, bytes: state.byteLength, durationMs, reason });
      this.options.logger.info(
        { docId: this.docId, reason, uptoSeq, updates: coveredUpdates, checkpointBytes: state.byteLength, durationMs },
        'sync document compacted',
      );
    } catch (error) {
      const delay = this.compactBackoff.next();
      this.compactNotBefore = Date.now() + delay;
      this.options.logger.error(
        { err: error, docId: this.docId, reason, uptoSeq, retryInMs: delay },
        'sync compaction failed; the update log is kept as it is',
      );
      this.options.metric({ type: 'compaction-failed', docId: this.docId, reason });
    }
  }

  private resolveWaiters(): void {
    const due = this.waiters.filter((waiter) => waiter.target <= this.committed);
    if (due.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => waiter.target > this.committed);
    for (const waiter of due) waiter.resolve();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
