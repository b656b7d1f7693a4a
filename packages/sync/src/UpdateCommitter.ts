import * as Y from 'yjs';
import { Backoff } from './Backoff.ts';
import type { CompactionReason } from './metrics.ts';
import type { ResolvedOptions } from './options.ts';
import type { StoredDocument, StoredUpdate } from './types.ts';

/** Under sustained load the queue may never drain; past this multiple of a threshold, compact anyway. */
const SUSTAINED_LOAD_FACTOR = 4;

export interface CommitterInit {
  docId: string;
  doc: Y.Doc;
  options: ResolvedOptions;
  /** The updates of the log since the checkpoint, as loaded (seq and size matter). */
  log: readonly StoredUpdate[];
  /** Seq folded into the loaded checkpoint (0 when none). */
  checkpointSeq: number;
  /** Called after every successful append, so the room can tell subscribers what is saved. */
  onCommitted: () => void;
  /**
   * Applies what another process stored (found when an append skipped seqs) to the room's document and broadcasts
   * it, without queueing it for the store again (SYNC-COMPACT-5). Throws if the bytes cannot be applied.
   */
  applyForeign: (stored: StoredDocument) => void;
}

interface Waiter {
  target: number;
  resolve: () => void;
}

interface LogEntry {
  seq: number;
  bytes: number;
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
 *
 * Seqs: `appliedSeq` is the highest seq such that every logged update up to it is in the room's document. An append
 * whose seqs do not follow it means another process appended in between; those updates are loaded and applied
 * (`loadSince`) before anything is compacted, and a compaction never folds past `appliedSeq` (SYNC-COMPACT-5).
 */
export class UpdateCommitter {
  private readonly docId: string;
  private readonly doc: Y.Doc;
  private readonly options: ResolvedOptions;
  private readonly onCommitted: () => void;
  private readonly applyForeign: (stored: StoredDocument) => void;
  private readonly appendBackoff: Backoff;
  private readonly compactBackoff: Backoff;

  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private inFlight = 0;
  private running = false;
  private stopped = false;
  private applied = 0;
  private committed = 0;
  private storedStateVector: Uint8Array;
  /** Every logged update with seq <= appliedSeq is in the document. */
  private appliedSeq: number;
  /** Highest seq this room appended or applied. */
  private lastSeq: number;
  /** Seq folded into the stored checkpoint, as far as this room knows. */
  private checkpointSeq: number;
  /** The log since the checkpoint (seq and size of each update), in seq order. */
  private logEntries: LogEntry[];
  private gapWarned = false;
  private compactNotBefore = 0;
  private waiters: Waiter[] = [];
  private idleCompactionWaiters: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(init: CommitterInit) {
    this.docId = init.docId;
    this.doc = init.doc;
    this.options = init.options;
    this.onCommitted = init.onCommitted;
    this.applyForeign = init.applyForeign;
    this.logEntries = init.log.map((row) => ({ seq: row.seq, bytes: row.update.byteLength })).sort(bySeq);
    this.checkpointSeq = init.checkpointSeq;
    this.appliedSeq = this.logEntries.reduce((max, entry) => Math.max(max, entry.seq), init.checkpointSeq);
    this.lastSeq = this.appliedSeq;
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

  /** Log size since the last checkpoint, and the seqs (exposed for tests and stats). */
  get log(): { updates: number; bytes: number; lastSeq: number; appliedSeq: number } {
    const bytes = this.logEntries.reduce((sum, entry) => sum + entry.bytes, 0);
    return { updates: this.logEntries.length, bytes, lastSeq: this.lastSeq, appliedSeq: this.appliedSeq };
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
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleCompactionWaiters.push(resolve);
      this.kick();
    });
  }

  /**
   * Stops the loop from starting compactions and resolves once it is idle: every queued update is still appended
   * (however long a failing store takes), a store call in flight is awaited, nothing is written afterwards.
   */
  stop(): Promise<void> {
    this.stopped = true;
    for (const resolve of this.idleCompactionWaiters.splice(0)) resolve();
    if (!this.running && this.pendingCount === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
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
          if (!this.stopped && this.compactionDue(SUSTAINED_LOAD_FACTOR)) await this.compact('size');
          else await this.commitNext();
          continue;
        }
        if (this.stopped) break;
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
      if (this.pendingCount === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
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
    let seq: number;
    try {
      seq = await this.options.store.append(this.docId, batch);
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
      return;
    }
    this.inFlight = 0;
    this.committed = target;
    this.storedStateVector = stateVector;
    this.appendBackoff.reset();
    const first = seq - batch.length + 1;
    for (const [index, update] of batch.entries())
      this.logEntries.push({ seq: first + index, bytes: update.byteLength });
    this.lastSeq = Math.max(this.lastSeq, seq);
    if (first === this.appliedSeq + 1) this.appliedSeq = seq;
    this.options.metric({
      type: 'commit',
      docId: this.docId,
      updates: batch.length,
      bytes,
      durationMs: performance.now() - started,
    });
    this.resolveWaiters();
    this.onCommitted();
    // Seqs were skipped: another process appended to this document in between (SYNC-COMPACT-5).
    if (this.appliedSeq < this.lastSeq) await this.catchUp();
  }

  /**
   * Loads what other processes appended after appliedSeq and applies it to the room (which broadcasts it). Without
   * `loadSince`, or while it fails, the room simply never compacts past appliedSeq, which keeps the log complete.
   */
  private async catchUp(): Promise<void> {
    const loadSince = this.options.store.loadSince?.bind(this.options.store);
    if (loadSince === undefined) {
      if (!this.gapWarned) {
        this.gapWarned = true;
        this.options.logger.warn(
          { docId: this.docId, appliedSeq: this.appliedSeq, lastSeq: this.lastSeq },
          'sync another process appended to this document and the store has no loadSince; compaction stops here',
        );
      }
      return;
    }
    const from = this.appliedSeq;
    let stored: StoredDocument;
    try {
      stored = await loadSince(this.docId, from);
      this.applyForeign(stored);
    } catch (error) {
      this.options.logger.error(
        { err: error, docId: this.docId, appliedSeq: from },
        'sync could not load updates another process appended; not compacting past them',
      );
      return;
    }
    // Everything up to the checkpoint it sent (if any) and then every consecutive seq is now in the document.
    let through = this.appliedSeq;
    if (stored.checkpoint !== null) through = Math.max(through, stored.checkpointSeq);
    const known = new Set(this.logEntries.map((entry) => entry.seq));
    for (const row of [...stored.updates].sort(bySeq)) {
      if (row.seq <= through) continue;
      if (row.seq !== through + 1) break;
      through = row.seq;
      if (!known.has(row.seq)) this.logEntries.push({ seq: row.seq, bytes: row.update.byteLength });
    }
    this.logEntries.sort(bySeq);
    this.appliedSeq = Math.max(this.appliedSeq, through);
    this.lastSeq = Math.max(this.lastSeq, this.appliedSeq);
    if (stored.checkpoint !== null && stored.checkpointSeq > this.checkpointSeq)
      this.dropLogThrough(stored.checkpointSeq);
    // Nothing applied here is waiting for the store: the document as it is now is what is stored.
    if (this.pending.length === 0 && this.inFlight === 0) this.storedStateVector = Y.encodeStateVector(this.doc);
    this.options.logger.info(
      { docId: this.docId, from, appliedSeq: this.appliedSeq, lastSeq: this.lastSeq },
      'sync applied updates another process appended',
    );
  }

  /** The part of the log compaction may fold: what is in the document (seq <= appliedSeq). */
  private compactable(): { updates: number; bytes: number } {
    let updates = 0;
    let bytes = 0;
    for (const entry of this.logEntries) {
      if (entry.seq > this.appliedSeq) break;
      updates++;
      bytes += entry.bytes;
    }
    return { updates, bytes };
  }

  private compactionDue(factor: number): boolean {
    if (Date.now() < this.compactNotBefore) return false;
    const log = this.compactable();
    if (log.updates === 0) return false;
    return (
      log.bytes > this.options.compactAfterBytes * factor || log.updates > this.options.compactAfterUpdates * factor
    );
  }

  /**
   * Writes the document itself as the checkpoint (SYNC-COMPACT-2). Encoding the live Y.Doc, rather than merging
   * stored updates, costs one pass over the document however many tiny updates the log holds. It covers seqs up to
   * appliedSeq only: updates another process appended that this room has not applied stay in the log.
   */
  private async compact(reason: CompactionReason): Promise<void> {
    if (this.appliedSeq < this.lastSeq) await this.catchUp();
    const covered = this.compactable();
    if (covered.updates === 0) return;
    const state = Y.encodeStateAsUpdate(this.doc);
    const uptoSeq = this.appliedSeq;
    const started = performance.now();
    try {
      await this.options.store.compact(this.docId, state, uptoSeq);
      this.dropLogThrough(uptoSeq);
      this.compactBackoff.reset();
      this.compactNotBefore = 0;
      const durationMs = performance.now() - started;
      this.options.metric({ type: 'compaction', docId: this.docId, bytes: state.byteLength, durationMs, reason });
      this.options.logger.info(
        { docId: this.docId, reason, uptoSeq, updates: covered.updates, checkpointBytes: state.byteLength, durationMs },
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

  private dropLogThrough(seq: number): void {
    this.checkpointSeq = Math.max(this.checkpointSeq, seq);
    this.logEntries = this.logEntries.filter((entry) => entry.seq > seq);
  }

  private resolveWaiters(): void {
    const due = this.waiters.filter((waiter) => waiter.target <= this.committed);
    if (due.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => waiter.target > this.committed);
    for (const waiter of due) waiter.resolve();
  }
}

function bySeq(a: { seq: number }, b: { seq: number }): number {
  return a.seq - b.seq;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
