/**
 * The stored versions of an incident (named snapshots, the ones frozen for rounds, the ones kept before a restore),
 * for the "Rounds & history" tab: listed newest first, taken, compared, restored and forked through the API.
 */
import type { Api, DiffResponse, DiffSideId, RestoreResult, Snapshot } from '../api.ts';

export type HistoryApi = Pick<Api, 'listSnapshots' | 'takeSnapshot' | 'diff' | 'restoreSnapshot' | 'forkSnapshot'>;

/** What a snapshot is called in lists and pickers: rounds by their number as well. */
export function snapshotName(snapshot: Pick<Snapshot, 'label' | 'kind' | 'roundNumber'>): string {
  if (snapshot.kind === 'round' && snapshot.roundNumber !== null) {
    const generic = snapshot.label === `Round ${snapshot.roundNumber}`;
    return generic ? snapshot.label : `Round ${snapshot.roundNumber} · ${snapshot.label}`;
  }
  return snapshot.label;
}

export const SNAPSHOT_KIND_LABELS: Record<Snapshot['kind'], string> = {
  named: 'Named',
  round: 'Round',
  'restore-point': 'Before restore',
};

/** A side of a comparison by name: the snapshot's, or "Now" for the live incident. */
export function sideName(side: DiffSideId, snapshots: readonly Snapshot[]): string {
  if (side === 'live') return 'Now';
  const snapshot = snapshots.find((one) => one.id === side);
  return snapshot ? `“${snapshotName(snapshot)}”` : 'a version no longer listed';
}

export class IncidentHistory {
  readonly #api: HistoryApi;
  readonly incidentId: string;

  /** Newest first, as the server lists them. */
  snapshots = $state.raw<readonly Snapshot[]>([]);
  loaded = $state(false);
  loading = $state(false);
  error = $state<string | null>(null);

  constructor(api: HistoryApi, incidentId: string) {
    this.#api = api;
    this.incidentId = incidentId;
  }

  async load(): Promise<void> {
    this.loading = true;
    try {
      this.snapshots = await this.#api.listSnapshots(this.incidentId);
      this.error = null;
      this.loaded = true;
    } catch (cause) {
      this.error = cause instanceof Error ? cause.message : String(cause);
    } finally {
      this.loading = false;
    }
  }

  /** Throws ApiError for the form to show. */
  async take(label: string): Promise<Snapshot> {
    const snapshot = await this.#api.takeSnapshot(this.incidentId, label);
    this.snapshots = [snapshot, ...this.snapshots.filter((one) => one.id !== snapshot.id)];
    return snapshot;
  }

  compare(from: DiffSideId, to: DiffSideId): Promise<DiffResponse> {
    return this.#api.diff(this.incidentId, from, to);
  }

  /** Restores, then lists again (the restore kept a "before restore" snapshot). */
  async restore(snapshotId: string): Promise<RestoreResult> {
    const result = await this.#api.restoreSnapshot(snapshotId);
    await this.load();
    return result;
  }

  fork(snapshotId: string, title: string) {
    return this.#api.forkSnapshot(snapshotId, title);
  }
}
