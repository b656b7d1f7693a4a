import { describe, expect, it } from 'vitest';
import { canLead, presentersFrom, readMeeting } from './presenter.ts';

const state = (id: string, role: string, meeting: unknown, focus: string | null = 'e1') => ({
  user: { id, name: `Name ${id}`, role, color: '#1f6fc5' },
  focus,
  editing: null,
  meeting,
});

describe('presenters', () => {
  it('reads the meeting flag, and nothing else as one', () => {
    expect(readMeeting({ meeting: { presenting: true, since: '2025-03-05T10:00:00.000Z' } })).toEqual({
      presenting: true,
      since: '2025-03-05T10:00:00.000Z',
    });
    expect(readMeeting({ meeting: { presenting: 'yes' } })).toBeNull();
    expect(readMeeting({ meeting: { presenting: true, since: 'soon' } })?.since).toBe('');
    expect(readMeeting(null)).toBeNull();
  });

  it('lists owners and facilitators presenting, not editors, not this person, latest first', () => {
    const states = new Map<number, unknown>([
      [1, state('u-owner', 'owner', { presenting: true, since: '2025-03-05T10:00:00.000Z' })],
      [2, state('u-editor', 'editor', { presenting: true, since: '2025-03-05T10:00:00.000Z' })],
      [3, state('u-self', 'owner', { presenting: true, since: '2025-03-05T11:00:00.000Z' })],
      [4, state('u-fac', 'facilitator', { presenting: true, since: '2025-03-05T10:30:00.000Z' }, 'e7')],
      [5, state('u-other', 'owner', null)],
    ]);
    const presenters = presentersFrom(states, 'u-self');
    expect(presenters.map((presenter) => [presenter.userId, presenter.focus])).toEqual([
      ['u-fac', 'e7'],
      ['u-owner', 'e1'],
    ]);
    expect(canLead('viewer')).toBe(false);
  });
});
