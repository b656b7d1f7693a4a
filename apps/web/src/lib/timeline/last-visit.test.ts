import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '@parallax/model';
import { ApiError } from '../api.ts';
import { LastVisit, newness, type LastViewRemote } from './last-visit.svelte.ts';

const event = (patch: Partial<IncidentEvent>) =>
  ({
    id: 'e',
    createdAt: '2026-03-10T10:00:00.000Z',
    updatedAt: '2026-03-10T10:00:00.000Z',
    createdBy: 'bob',
    updatedBy: 'bob',
    ...patch,
  }) as IncidentEvent;

describe('new since the last visit', () => {
  const baseline = '2026-03-10T12:00:00.000Z';

  it('marks what others created or changed after the last look', () => {
    expect(newness(event({}), baseline, 'alice')).toBeNull();
    expect(
      newness(event({ createdAt: '2026-03-10T13:00:00Z', updatedAt: '2026-03-10T13:00:00Z' }), baseline, 'alice'),
    ).toBe('new');
    expect(newness(event({ updatedAt: '2026-03-10T12:00:01Z' }), baseline, 'alice')).toBe('changed');
  });

  it('never marks the person’s own changes, nor anything on a first visit', () => {
    expect(newness(event({ createdAt: '2026-03-10T13:00:00Z', createdBy: 'alice' }), baseline, 'alice')).toBeNull();
    expect(newness(event({ updatedAt: '2026-03-10T13:00:00Z', updatedBy: 'alice' }), baseline, 'alice')).toBeNull();
    expect(newness(event({ createdAt: '2026-03-10T13:00:00Z' }), null, 'alice')).toBeNull();
  });

  it('keeps the marks of arrival until everything is marked seen, while leaving records the moment', async () => {
    const saved: { at: string; leaving: boolean }[] = [];
    const remote: LastViewRemote = {
      load: async () => baseline,
      save: async (at) => {
        saved.push({ at, leaving: false });
      },
      saveOnLeave: (at) => {
        saved.push({ at, leaving: true });
        return Promise.resolve(true);
      },
    };
    const visit = new LastVisit(remote, 'alice');
    await visit.load(() => Date.parse('2026-03-10T12:45:00Z'));
    const changed = event({ updatedAt: '2026-03-10T12:30:00Z' });
    expect(visit.status(changed)).toBe('changed');

    visit.recordLeave(Date.parse('2026-03-10T13:00:00Z'), { unloading: true });
    expect(visit.status(changed)).toBe('changed');
    await visit.markAllSeen(Date.parse('2026-03-10T13:05:00Z'));
    expect(visit.status(changed)).toBeNull();
    expect(saved).toEqual([
      { at: '2026-03-10T12:45:00.000Z', leaving: false },
      { at: '2026-03-10T13:00:00.000Z', leaving: true },
      { at: '2026-03-10T13:05:00.000Z', leaving: false },
    ]);
  });

  it('records the arrival, so a visit whose leaving was never stored still moves the next comparison', async () => {
    let stored: string | null = baseline;
    const remote: LastViewRemote = {
      load: async () => stored,
      save: async (at) => {
        stored = at;
      },
      saveOnLeave: async () => false,
    };
    const first = new LastVisit(remote, 'alice');
    await first.load(() => Date.parse('2026-03-10T14:00:00Z'));
    first.recordLeave(Date.parse('2026-03-10T14:10:00Z'), { unloading: true });
    const second = new LastVisit(remote, 'alice');
    await second.load(() => Date.parse('2026-03-10T15:00:00Z'));
    expect(second.baseline).toBe('2026-03-10T14:00:00.000Z');
    expect(second.status(event({ updatedAt: '2026-03-10T13:00:00Z' }))).toBeNull();
    expect(second.status(event({ updatedAt: '2026-03-10T14:30:00Z' }))).toBe('changed');
  });

  it('says when the server could not be asked, and marks nothing', async () => {
    const offline = new ApiError(0, 'network_error', 'Could not reach the Parallax server.');
    const visit = new LastVisit(
      {
        load: () => Promise.reject(offline),
        save: () => Promise.reject(offline),
        saveOnLeave: () => Promise.reject(offline),
      },
      'alice',
    );
    await visit.load();
    expect(visit.loaded).toBe(true);
    expect(visit.baseline).toBeNull();
    expect(visit.error).toBe('Could not reach the Parallax server.');
  });
});
