import { describe, expect, it } from 'vitest';
import { Text } from '@codemirror/state';
import { WHOLE_DOC_LIMIT, hintAt, scanDocument, widen } from './scan.ts';

const doc = (text: string) => Text.of(text.split('\n'));

describe('scanDocument', () => {
  it('scans a text below the limit whole, whatever is visible', () => {
    const text = 'Neutral line.\nThe on-call engineer should have noticed the alert.\nWe should add an alert.';
    const hints = scanDocument(doc(text), [{ from: 0, to: 5 }]);
    expect(hints.map((hint) => [hint.phrase, text.slice(hint.start, hint.end)])).toEqual([
      ['should have', 'should have'],
    ]);
  });

  it('scans a long text only around the visible ranges, with offsets into the whole text', () => {
    const filler = 'Scaled atlas-api from 12 to 24 pods.\n';
    const lines: string[] = [];
    while (lines.join('').length < WHOLE_DOC_LIMIT * 1.5) lines.push(filler);
    const near = 100;
    const far = lines.length - 100;
    lines[near] = 'They should have paged the DB team.\n';
    lines[far] = 'In hindsight the page was clear.\n';
    const text = lines.join('');
    const top = scanDocument(doc(text), [{ from: 0, to: 3_000 }]);
    expect(top.map((hint) => hint.phrase)).toEqual(['should have']);
    expect(text.slice(top[0]?.start, top[0]?.end)).toBe('should have');

    const farStart = text.indexOf('In hindsight');
    const bottom = scanDocument(doc(text), [{ from: farStart - 10, to: farStart + 100 }]);
    expect(bottom.map((hint) => [hint.phrase, hint.start])).toEqual([['In hindsight', farStart]]);

    // Two visible ranges (a split view or a collapsed middle): each is scanned, in order, once.
    const both = scanDocument(doc(text), [
      { from: farStart - 10, to: farStart + 100 },
      { from: 0, to: 3_000 },
    ]);
    expect(both.map((hint) => hint.phrase)).toEqual(['should have', 'In hindsight']);
  });

  it('widens visible ranges to whole lines and merges those that meet', () => {
    const text = Array.from({ length: 2_000 }, (_, index) => `line ${index} of text`).join('\n');
    const ranges = widen(doc(text), [
      { from: 10_000, to: 10_100 },
      { from: 10_050, to: 12_000 },
    ]);
    expect(ranges).toHaveLength(1);
    const [range] = ranges;
    if (!range) throw new Error('no range');
    expect(range.from === 0 || text[range.from - 1] === '\n').toBe(true);
    expect(range.to === text.length || text[range.to] === '\n').toBe(true);
    expect(range.from).toBeLessThanOrEqual(8_000);
    expect(range.to).toBeGreaterThanOrEqual(14_000);
  });
});

describe('hintAt', () => {
  const hints = [
    { start: 4, end: 15, phrase: 'should have', category: 'counterfactual' as const, note: '', question: '' },
  ];

  it('finds the hint under a position, counting its characters and not the positions either side', () => {
    expect(hintAt(hints, 8)?.phrase).toBe('should have');
    expect(hintAt(hints, 4, 1)?.phrase).toBe('should have');
    expect(hintAt(hints, 4, -1)).toBeUndefined();
    expect(hintAt(hints, 15, -1)?.phrase).toBe('should have');
    expect(hintAt(hints, 15, 1)).toBeUndefined();
    expect(hintAt(hints, 2)).toBeUndefined();
  });
});
