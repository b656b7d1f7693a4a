import { describe, expect, it } from 'vitest';
import type { RoundSummary } from '../api.ts';
import { IncidentRounds } from './incident-rounds.svelte.ts';

function round(number: number, overrides: Partial<RoundSummary> = {}): RoundSummary {
  return {
    id: `round-${number}`,
    incidentId: 'incident',
    number,
    label: `Round ${number}`,
    message: 'Please read the first hour',
    status: 'open',
    snapshotId: `snapshot-${number}`,
    openedBy: 'alice',
    openedByName: 'Alice',
    createdAt: '2025-03-05T10:00:00.000Z',
    closedAt: null,
    closedBy: null,
    feedbackCount: 0,
    reviewedCount: 0,
    reviewedByMe: false,
    ...overrides,
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('the incident’s rounds', () => {
  it('asks once more after a refresh that was asked for while one was under way, never twice at once', async () => {
    const answers = [deferred<RoundSummary[]>(), deferred<RoundSummary[]>()];
    let calls = 0;
    const rounds = new IncidentRounds({
      fetch: () => answers[calls++]!.promise,
      userId: 'bob',
      online: () => true,
      visible: () => true,
    });
    const first = rounds.refresh();
    void rounds.refresh();
    void rounds.refresh();
    expect(calls).toBe(1);
    answers[0]!.resolve([]);
    await first;
    await Promise.resolve();
    expect(calls).toBe(2);
    // The second answer knows of the round opened meanwhile: it is what the notice shows.
    answers[1]!.resolve([round(1)]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(rounds.pending?.round.id).toBe('round-1');
    expect(rounds.openCount).toBe(1);
  });

  it('does not ask while hidden, offline or without access, and keeps the list when a refresh fails', async () => {
    let calls = 0;
    const state = { visible: false, online: true, enabled: true, fail: false };
    const rounds = new IncidentRounds({
      fetch: async () => {
        calls += 1;
        if (state.fail) throw new Error('Could not reach the Parallax server.');
        return [round(2), round(1, { status: 'closed' })];
      },
      userId: 'bob',
      online: () => state.online,
      visible: () => state.visible,
      enabled: () => state.enabled,
    });
    rounds.refreshIfUseful();
    expect(calls).toBe(0);
    state.visible = true;
    rounds.refreshIfUseful();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls).toBe(1);
    expect(rounds.rounds.map((one) => one.number)).toEqual([2, 1]);
    state.fail = true;
    await rounds.refresh();
    expect(rounds.error).toMatch(/Could not reach/);
    expect(rounds.rounds).toHaveLength(2);
    state.enabled = false;
    await rounds.refresh();
    expect(calls).toBe(2);
  });

  it('takes in a round changed here at once, newest first, and no notice for one’s own round', () => {
    const rounds = new IncidentRounds({
      fetch: async () => [],
      userId: 'alice',
      online: () => true,
      visible: () => true,
    });
    rounds.upsert(round(1));
    rounds.upsert(round(2));
    rounds.upsert(round(1, { status: 'closed' }));
    expect(rounds.rounds.map((one) => [one.number, one.status])).toEqual([
      [2, 'open'],
      [1, 'closed'],
    ]);
    expect(rounds.pending).toBeNull();
  });
});
