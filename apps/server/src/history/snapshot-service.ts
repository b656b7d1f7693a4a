import * as Y from 'yjs';
import {
  diffIncidents,
  projectIncident,
  restoreIncident,
  updateMeta,
  type DiffSummary,
  type IncidentDiff,
  type IncidentProjection,
} from '@parallax/model';
import type {
  IncidentRecord,
  IncidentRepository,
  RoundRecord,
  RoundRepository,
  SnapshotKind,
  SnapshotRecord,
  SnapshotRepository,
} from '@parallax/db';
import type { SyncServer } from '@parallax/sync';

/** A document state frozen at one moment, with the update-log position it covers. */
export interface CapturedState {
  /** Y.encodeStateAsUpdateV2 of the document. */
  state: Uint8Array;
  projection: IncidentProjection;
  /** Every logged update with seq <= logSeq is in `state`. */
  logSeq: number;
}

export interface RestoreResult {
  /** The automatic snapshot of the document as it was just before the restore (restore it to undo). */
  restorePoint: SnapshotRecord;
  /** False when the document already had the snapshot's content. */
  changed: boolean;
  /** What the restore changed, from the document before it to the snapshot's content. */
  summary: DiffSummary;
}

/** One side of a diff: a stored snapshot or the live document. */
export type DiffSide = { kind: 'live' } | { kind: 'snapshot'; snapshot: SnapshotRecord };

/** Transaction origin of restores, so a restore can be told apart from other server-side edits. */
export const RESTORE_ORIGIN = Symbol('parallax-restore');

const MAX_LABEL = 200;

export interface SnapshotServiceDeps {
  sync: SyncServer;
  snapshots: SnapshotRepository;
  rounds: RoundRepository;
  incidents: IncidentRepository;
}

/**
 * Snapshots, rounds, diffs, restores and forks: where the live documents of the sync server meet the snapshot rows.
 * A snapshot is taken right after a flush, from the room in memory (loaded from the store if it was not), so its
 * state and projection are exactly what clients see; restores are forward edits through the sync server, so
 * connected clients receive an ordinary update and never have stored bytes swapped under them.
 */
export class SnapshotService {
  readonly #sync: SyncServer;
  readonly #snapshots: SnapshotRepository;
  readonly #rounds: RoundRepository;
  readonly #incidents: IncidentRepository;

  constructor(deps: SnapshotServiceDeps) {
    this.#sync = deps.sync;
    this.#snapshots = deps.snapshots;
    this.#rounds = deps.rounds;
    this.#incidents = deps.incidents;
  }

  /**
   * Flushes the room (everything applied so far is committed), reads the head of the update log, then encodes the
   * document and its projection in one synchronous step. Updates at or below the head were applied before the flush
   * finished, hence before the capture, so the state contains them (it may also hold a few applied since, which the
   * log has after the head: replaying the log from the head on top of it is harmless).
   */
  async capture(incidentId: string): Promise<CapturedState> {
    await this.#flush(incidentId);
    const logSeq = await this.#snapshots.logHead(incidentId);
    const captured = await this.#read(incidentId, (doc) => ({
      state: Y.encodeStateAsUpdateV2(doc),
      projection: projectIncident(doc),
    }));
    return { ...captured, logSeq };
  }

  /** Takes and stores a snapshot of the live document. */
  async take(
    incidentId: string,
    options: { label: string; kind: SnapshotKind; createdBy: string | null },
  ): Promise<SnapshotRecord> {
    const captured = await this.capture(incidentId);
    return this.#snapshots.create({ incidentId, ...captured, ...options, label: clip(options.label) });
  }

  /** Opens the incident's next calibration round on a snapshot of the live document. */
  async openRound(
    incidentId: string,
    options: { label: string | null; message: string; openedBy: string },
  ): Promise<{ round: RoundRecord; snapshot: SnapshotRecord }> {
    const captured = await this.capture(incidentId);
    return this.#rounds.open({ incidentId, ...options, snapshot: captured });
  }

  /** The live document's projection (loading the document if needed). */
  liveProjection(incidentId: string): Promise<IncidentProjection> {
    return this.#read(incidentId, (doc) => projectIncident(doc));
  }

  /**
   * A stored snapshot's projection, as stored: what participants read and diffs compare (see toJsonbText for the one
   * way it can differ from the state's, a NUL or unpaired surrogate shown as U+FFFD).
   */
  async snapshotProjection(snapshotId: string): Promise<IncidentProjection> {
    const projection = await this.#snapshots.projection(snapshotId);
    if (projection === undefined) throw new Error(`Snapshot ${snapshotId} vanished`);
    return projection as IncidentProjection;
  }

  async diff(incidentId: string, from: DiffSide, to: DiffSide): Promise<IncidentDiff> {
    const side = (which: DiffSide) =>
      which.kind === 'live' ? this.liveProjection(incidentId) : this.snapshotProjection(which.snapshot.id);
    const [before, after] = await Promise.all([side(from), side(to)]);
    return diffIncidents(before, after);
  }

  /**
   * Makes the live document's content the snapshot's, as one forward edit through the sync server. First it stores a
   * "before restore" snapshot, so the restore itself can be undone: the restore point is written before the document
   * is touched, and if anyone edited the document in between, the point is refreshed with the state the restore
   * actually replaced (captured in the same synchronous step as the restore).
   */
  async restore(snapshot: SnapshotRecord, userId: string): Promise<RestoreResult> {
    const incidentId = snapshot.incidentId;
    const target = await this.#snapshotContent(snapshot.id);
    await this.#flush(incidentId);
    const logSeq = await this.#snapshots.logHead(incidentId);

    let changedSince = false;
    const onUpdate = () => {
      changedSince = true;
    };
    let watched: Y.Doc | undefined;
    const before = await this.#read(incidentId, (doc) => {
      watched = doc;
      doc.on('update', onUpdate);
      return { state: Y.encodeStateAsUpdateV2(doc), projection: projectIncident(doc) };
    });
    let restorePoint: SnapshotRecord;
    try {
      restorePoint = await this.#snapshots.create({
        incidentId,
        ...before,
        logSeq,
        label: clip(`Before restore of "${snapshot.label}"`),
        kind: 'restore-point',
        createdBy: userId,
      });
    } catch (error) {
      watched?.off('update', onUpdate);
      throw error;
    }

    let replaced = before;
    let changed = false;
    try {
      await this.#sync.withDocument(
        incidentId,
        (doc) => {
          watched?.off('update', onUpdate);
          // The room may also have been unloaded and loaded again in between: then this is another Y.Doc.
          if (changedSince || doc !== watched) {
            changedSince = true;
            replaced = { state: Y.encodeStateAsUpdateV2(doc), projection: projectIncident(doc) };
          }
          changed = restoreIncident(doc, target);
        },
        RESTORE_ORIGIN,
      );
    } finally {
      watched?.off('update', onUpdate);
    }
    if (changedSince) restorePoint = await this.#snapshots.replaceContent(restorePoint.id, replaced);
    return { restorePoint, changed, summary: diffIncidents(replaced.projection, target).summary };
  }

  /**
   * A new incident, owned by `ownerId`, whose document has the snapshot's content (rebuilt as a fresh document, so it
   * carries none of the source's edit history), under a new title.
   */
  async fork(snapshot: SnapshotRecord, options: { title?: string; ownerId: string }): Promise<IncidentRecord> {
    const content = await this.#snapshotContent(snapshot.id);
    const { meta } = content;
    const title = options.title ?? clip(`${meta.title.trim() || 'Untitled incident'} (fork)`);
    const id = crypto.randomUUID();
    // Document first, then the index row, as incidents are created: the list never shows an empty document.
    await this.#sync.withDocument(id, (doc) => {
      restoreIncident(doc, content);
      updateMeta(doc, { title }, { userId: options.ownerId });
    });
    const incident = await this.#incidents.create({
      id,
      title,
      severity: meta.severity,
      referenceTimeZone: meta.referenceTimeZone,
      ownerId: options.ownerId,
    });
    if (incident.status === meta.status) return incident;
    return (await this.#incidents.update(id, { status: meta.status })) ?? incident;
  }

  /**
   * The snapshot's exact content: its stored projection, or, when jsonb could not hold that exactly (see
   * toJsonbText), the projection of its state.
   */
  async #snapshotContent(snapshotId: string): Promise<IncidentProjection> {
    const content = await this.#snapshots.content(snapshotId);
    if (content === undefined) throw new Error(`Snapshot ${snapshotId} vanished`);
    if ('projection' in content) return content.projection as IncidentProjection;
    const doc = new Y.Doc({ gc: true });
    try {
      Y.applyUpdateV2(doc, content.state);
      return projectIncident(doc);
    } finally {
      doc.destroy();
    }
  }

  /** Resolves once everything the room has applied so far is committed to the update log. */
  #flush(incidentId: string): Promise<void> {
    // A change-free transaction: withDocument waits until everything applied before it is stored.
    return this.#sync.withDocument(incidentId, () => {});
  }

  /** Runs a read of the live document (no change, so nothing is written or broadcast). */
  async #read<T>(incidentId: string, read: (doc: Y.Doc) => T): Promise<T> {
    let result: { value: T } | undefined;
    await this.#sync.withDocument(incidentId, (doc) => {
      result = { value: read(doc) };
    });
    if (!result) throw new Error('withDocument did not run the read');
    return result.value;
  }
}

function clip(label: string): string {
  if (label.length <= MAX_LABEL) return label;
  let end = MAX_LABEL - 1;
  // Never end on the first half of a surrogate pair.
  const code = label.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${label.slice(0, end)}…`;
}
