/**
 * An in-memory document store for sync tests: structurally a DocumentStore of @parallax/sync (this package must
 * not import it), passing the same store contract as the SQL stores, plus knobs to hold, fail and count calls.
 */
import * as Y from 'yjs';

export interface MemoryStoredUpdate {
  seq: number;
  update: Uint8Array;
}

export interface MemoryStoredDocument {
  checkpoint: Uint8Array | null;
  checkpointSeq: number;
  updates: MemoryStoredUpdate[];
}

export type StoreOperation = 'load' | 'append' | 'compact';

/** A latch a test opens (or fails) to let held store calls continue. */
export interface Gate {
  readonly promise: Promise<void>;
  /** Lets every call waiting on this gate proceed. */
  release(): void;
  /** Makes every call waiting on this gate reject with `error`. */
  fail(error?: Error): void;
}

export function createGate(): Gate {
  let release!: () => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<void>((resolve, reject) => {
    release = resolve;
    fail = reject;
  });
  // A gate nobody waits on may be failed; that must not become an unhandled rejection.
  promise.catch(() => undefined);
  return {
    promise,
    release: () => release(),
    fail: (error = new Error('store call failed (gate)')) => fail(error),
  };
}

/** One successful append, in call order: lets tests see how updates were batched. */
export interface AppendRecord {
  docId: string;
  count: number;
  bytes: number;
  lastSeq: number;
}

interface DocumentRecord {
  checkpoint: Uint8Array | null;
  checkpointSeq: number;
  updates: MemoryStoredUpdate[];
  lastSeq: number;
}

export class MemoryDocumentStore {
  /** Calls started, successful or not. */
  readonly calls: Record<StoreOperation, number> = { load: 0, append: 0, compact: 0 };
  /** Successful appends, in order. */
  readonly appends: AppendRecord[] = [];
  /** Calls in progress right now. */
  readonly active: Record<StoreOperation, number> = { load: 0, append: 0, compact: 0 };
  /** Highest number of appends that were in progress at the same time, per document. */
  maxConcurrentAppends = 0;

  private readonly documents = new Map<string, DocumentRecord>();
  private readonly gates: Record<StoreOperation, Gate | null> = { load: null, append: null, compact: null };
  private readonly failuresLeft: Record<StoreOperation, number> = { load: 0, append: 0, compact: 0 };
  private readonly failing: Record<StoreOperation, boolean> = { load: false, append: false, compact: false };
  private readonly appendsInFlight = new Map<string, number>();

  /**
   * Every call of `operation` that starts from now on waits until the returned gate is released (or fails), e.g.
   * to keep a document loading while a test sends messages. Calling it again replaces the gate for later calls.
   */
  hold(operation: StoreOperation): Gate {
    const gate = createGate();
    this.gates[operation] = gate;
    void gate.promise.then(
      () => this.clearGate(operation, gate),
      () => this.clearGate(operation, gate),
    );
    return gate;
  }

  /** The next `count` calls of `operation` reject. */
  failNext(operation: StoreOperation, count = 1): void {
    this.failuresLeft[operation] += count;
  }

  /** Every call of `operation` rejects until this is called again with false. */
  setFailing(operation: StoreOperation, failing: boolean): void {
    this.failing[operation] = failing;
  }

  /** Stores a document directly, as if earlier sessions had written it; counts no calls. */
  seed(docId: string, stored: { checkpoint?: Uint8Array | null; updates?: Uint8Array[] }): void {
    const record = this.record(docId);
    if (stored.checkpoint) {
      record.checkpoint = stored.checkpoint.slice();
      record.checkpointSeq = ++record.lastSeq;
    }
    for (const update of stored.updates ?? []) record.updates.push({ seq: ++record.lastSeq, update: update.slice() });
  }

  /** What is stored for a document right now (a copy), without counting a call. */
  inspect(docId: string): MemoryStoredDocument {
    return copyOut(this.documents.get(docId));
  }

  /** The stored document applied to a fresh Y.Doc, the way the sync server loads it. */
  storedDoc(docId: string): Y.Doc {
    const stored = this.inspect(docId);
    const doc = new Y.Doc();
    if (stored.checkpoint !== null) Y.applyUpdate(doc, stored.checkpoint);
    for (const row of stored.updates) Y.applyUpdate(doc, row.update);
    return doc;
  }

  /** Document ids that have anything stored. */
  documentIds(): string[] {
    return [...this.documents.keys()];
  }

  async load(docId: string): Promise<MemoryStoredDocument> {
    await this.begin('load');
    try {
      return copyOut(this.documents.get(docId));
    } finally {
      this.active.load--;
    }
  }

  async append(docId: string, updates: Uint8Array[]): Promise<number> {
    const inFlight = (this.appendsInFlight.get(docId) ?? 0) + 1;
    this.appendsInFlight.set(docId, inFlight);
    this.maxConcurrentAppends = Math.max(this.maxConcurrentAppends, inFlight);
    try {
      await this.begin('append');
      try {
        const record = this.record(docId);
        for (const update of updates) record.updates.push({ seq: ++record.lastSeq, update: update.slice() });
        const bytes = updates.reduce((sum, update) => sum + update.byteLength, 0);
        if (updates.length > 0) this.appends.push({ docId, count: updates.length, bytes, lastSeq: record.lastSeq });
        return record.lastSeq;
      } finally {
        this.active.append--;
      }
    } finally {
      this.appendsInFlight.set(docId, (this.appendsInFlight.get(docId) ?? 1) - 1);
    }
  }

  async compact(docId: string, state: Uint8Array, uptoSeq: number): Promise<void> {
    await this.begin('compact');
    try {
      const record = this.record(docId);
      // Same rule as the SQL stores: a late compaction never moves the checkpoint backwards.
      if (uptoSeq < record.checkpointSeq) return;
      record.checkpoint = state.slice();
      record.checkpointSeq = uptoSeq;
      record.updates = record.updates.filter((row) => row.seq > uptoSeq);
    } finally {
      this.active.compact--;
    }
  }

  /** What a reader that has applied everything up to afterSeq is missing (see the store contract). */
  async loadSince(docId: string, afterSeq: number): Promise<MemoryStoredDocument> {
    await this.begin('load');
    try {
      const stored = copyOut(this.documents.get(docId));
      return {
        checkpoint: stored.checkpointSeq > afterSeq ? stored.checkpoint : null,
        checkpointSeq: stored.checkpointSeq,
        updates: stored.updates.filter((row) => row.seq > Math.max(afterSeq, stored.checkpointSeq)),
      };
    } finally {
      this.active.load--;
    }
  }

  /** Counts the call, waits for a gate if one is set, then fails it if a failure is due. */
  private async begin(operation: StoreOperation): Promise<void> {
    this.calls[operation]++;
    this.active[operation]++;
    try {
      // Always yield once, as a real store would, so callers never see a synchronous result.
      await Promise.resolve();
      const gate = this.gates[operation];
      if (gate !== null) await gate.promise;
      if (this.failing[operation]) throw new Error(`memory store: ${operation} is failing`);
      if (this.failuresLeft[operation] > 0) {
        this.failuresLeft[operation]--;
        throw new Error(`memory store: ${operation} failed on purpose`);
      }
    } catch (error) {
      this.active[operation]--;
      throw error;
    }
  }

  private clearGate(operation: StoreOperation, gate: Gate): void {
    if (this.gates[operation] === gate) this.gates[operation] = null;
  }

  private record(docId: string): DocumentRecord {
    let record = this.documents.get(docId);
    if (record === undefined) {
      record = { checkpoint: null, checkpointSeq: 0, updates: [], lastSeq: 0 };
      this.documents.set(docId, record);
    }
    return record;
  }
}

function copyOut(record: DocumentRecord | undefined): MemoryStoredDocument {
  if (record === undefined) return { checkpoint: null, checkpointSeq: 0, updates: [] };
  return {
    checkpoint: record.checkpoint === null ? null : record.checkpoint.slice(),
    checkpointSeq: record.checkpointSeq,
    updates: record.updates.map((row) => ({ seq: row.seq, update: row.update.slice() })),
  };
}
