import { describe, expect, it } from 'vitest';
import { locationQuery, parseLocation } from './workspace-nav.svelte.ts';

const parse = (query: string) => parseLocation(new URLSearchParams(query));

describe('where in the workspace the address says', () => {
  it('reads a tab, a round or a comparison, each implying the history tab', () => {
    expect(parse('')).toEqual({ tab: 'timeline', round: null, comparison: null });
    expect(parse('tab=questions')).toEqual({ tab: 'questions', round: null, comparison: null });
    expect(parse('tab=nonsense')).toEqual({ tab: 'timeline', round: null, comparison: null });
    expect(parse('round=r1')).toEqual({ tab: 'history', round: 'r1', comparison: null });
    expect(parse('tab=history&from=s1')).toEqual({
      tab: 'history',
      round: null,
      comparison: { from: 's1', to: 'live' },
    });
    // A round wins over a comparison: it is what the tab shows.
    expect(parse('round=r1&from=s1&to=s2').comparison).toBeNull();
  });

  it('writes back what it reads', () => {
    for (const query of ['', '?tab=lanes', '?tab=history&round=r1', '?tab=history&from=s1&to=live']) {
      expect(locationQuery(parse(query.slice(1)))).toBe(query);
    }
  });
});
