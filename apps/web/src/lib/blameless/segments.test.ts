import { describe, expect, it } from 'vitest';
import { findBlamelessHints } from '@parallax/model';
import { segmentText } from './segments.ts';

describe('segmentText', () => {
  it('cuts a text into plain runs and hinted phrases that join back to the text', () => {
    const text = 'The on-call engineer should have noticed the alert. We should add an alert for replication lag.';
    const segments = segmentText(text, findBlamelessHints(text));
    expect(segments.map((segment) => [segment.text, segment.hint?.category ?? null])).toEqual([
      ['The on-call engineer ', null],
      ['should have', 'counterfactual'],
      [' noticed the alert. We should add an alert for replication lag.', null],
    ]);
    expect(segments.map((segment) => segment.text).join('')).toBe(text);
  });

  it('handles hints at the edges, and text without hints', () => {
    const text = 'Obviously it was human error';
    const segments = segmentText(text, findBlamelessHints(text));
    expect(segments.map((segment) => segment.text)).toEqual(['Obviously', ' it was ', 'human error']);
    expect(segmentText('Paged the DB team.', [])).toEqual([{ text: 'Paged the DB team.', hint: null }]);
    expect(segmentText('', [])).toEqual([{ text: '', hint: null }]);
  });
});
