import { describe, expect, it } from 'vitest';
import { BLAMELESS_CATEGORIES, findBlamelessHints, summariseHints, type BlamelessHint } from './hints.ts';
import { LABELLED_SENTENCES } from './labelled-sentences.ts';

function overlaps(hint: BlamelessHint, start: number, end: number): boolean {
  return hint.start < end && start < hint.end;
}

describe('findBlamelessHints on the labelled sentences', () => {
  it('has at least 60 sentences, with true positives of every category and traps', () => {
    expect(LABELLED_SENTENCES.length).toBeGreaterThanOrEqual(60);
    const categories = new Set(
      LABELLED_SENTENCES.flatMap((sentence) => sentence.expected.map((hint) => hint.category)),
    );
    expect([...categories].sort()).toEqual([...BLAMELESS_CATEGORIES].sort());
    expect(LABELLED_SENTENCES.filter((sentence) => sentence.expected.length === 0).length).toBeGreaterThanOrEqual(30);
  });

  it('reaches precision and recall of at least 0.9', () => {
    let hintsFound = 0;
    let hintsCorrect = 0;
    let expectedTotal = 0;
    let expectedFound = 0;
    const misses: string[] = [];
    const falsePositives: string[] = [];
    const wrongCategories: string[] = [];

    for (const { text, expected } of LABELLED_SENTENCES) {
      const hints = findBlamelessHints(text);
      const spans = expected.map((label) => {
        const start = text.indexOf(label.phrase);
        // A label that is not in its sentence is a broken test, not a miss.
        expect(start, `"${label.phrase}" in "${text}"`).toBeGreaterThanOrEqual(0);
        return { ...label, start, end: start + label.phrase.length };
      });
      hintsFound += hints.length;
      for (const hint of hints) {
        if (spans.some((span) => overlaps(hint, span.start, span.end))) hintsCorrect++;
        else falsePositives.push(`"${hint.phrase}" (${hint.category}) in: ${text}`);
      }
      for (const span of spans) {
        expectedTotal++;
        const hint = hints.find((candidate) => overlaps(candidate, span.start, span.end));
        if (!hint) {
          misses.push(`"${span.phrase}" (${span.category}) in: ${text}`);
          continue;
        }
        expectedFound++;
        if (hint.category !== span.category) {
          wrongCategories.push(`"${hint.phrase}" is ${hint.category}, labelled ${span.category}: ${text}`);
        }
      }
    }

    const precision = hintsCorrect / hintsFound;
    const recall = expectedFound / expectedTotal;
    console.log(
      [
        `blameless hints on ${LABELLED_SENTENCES.length} labelled sentences:`,
        `  precision ${precision.toFixed(3)} (${hintsCorrect} of ${hintsFound} hints correct)`,
        `  recall    ${recall.toFixed(3)} (${expectedFound} of ${expectedTotal} labelled phrases found)`,
        `  misses (${misses.length}):${misses.map((miss) => `\n    - ${miss}`).join('') || ' none'}`,
        `  false positives (${falsePositives.length}):${falsePositives.map((fp) => `\n    - ${fp}`).join('') || ' none'}`,
        `  wrong category (${wrongCategories.length}):${wrongCategories.map((wrong) => `\n    - ${wrong}`).join('') || ' none'}`,
      ].join('\n'),
    );
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(wrongCategories).toEqual([]);
  });
});

describe('findBlamelessHints', () => {
  it('returns offsets into the original text, with a note and a reframing question', () => {
    const text = 'At 14:02 Jonas failed to follow the checklist.\n\nIn hindsight, he should’ve paged the DB team.';
    const hints = findBlamelessHints(text);
    expect(hints.map((hint) => [hint.phrase, hint.category])).toEqual([
      ['failed to', 'blame'],
      ['In hindsight', 'hindsight'],
      ['should’ve', 'counterfactual'],
    ]);
    for (const hint of hints) {
      expect(text.slice(hint.start, hint.end)).toBe(hint.phrase);
      expect(hint.note.length).toBeGreaterThan(10);
      expect(hint.question).toMatch(/\?$/);
    }
  });

  it('finds nothing in empty or neutral text', () => {
    expect(findBlamelessHints('')).toEqual([]);
    expect(findBlamelessHints('p99 on atlas-api above 2s; scaling from 12 to 24 pods.')).toEqual([]);
  });

  it('works in Markdown narrative with event references, quoting only what is quoted', () => {
    const narrative = [
      '## What happened',
      '',
      'The flag went to 5% [[event:evt-1]]. Jonas wrote:',
      '',
      '> we should have rolled back straight away',
      '',
      'The team should have rolled back sooner [[event:evt-2]].',
    ].join('\n');
    const hints = findBlamelessHints(narrative);
    expect(hints).toHaveLength(1);
    expect(hints[0]?.start).toBe(narrative.lastIndexOf('should have'));
  });

  it('never returns overlapping hints, and prefers the longer phrase', () => {
    const hints = findBlamelessHints('He should have just asked, and it was a careless mistake.');
    expect(hints.map((hint) => hint.phrase)).toEqual(['should have just', 'careless mistake']);
    for (let index = 1; index < hints.length; index++) {
      expect(hints[index]?.start).toBeGreaterThanOrEqual(hints[index - 1]?.end ?? 0);
    }
  });
});

describe('summariseHints', () => {
  it('counts hints per category and phrase for a side panel', () => {
    const summary = summariseHints([
      'They should have rolled back.',
      'They should’ve paged the DB team, and it was human error.',
      'Scaling to 24 pods.',
      'Obviously the flag was the problem.',
    ]);
    expect(summary).toEqual({
      total: 4,
      texts: 3,
      byCategory: { counterfactual: 2, blame: 1, minimising: 1, hindsight: 0 },
      phrases: [
        { phrase: 'human error', category: 'blame', count: 1 },
        { phrase: 'obviously', category: 'minimising', count: 1 },
        { phrase: 'should have', category: 'counterfactual', count: 1 },
        { phrase: "should've", category: 'counterfactual', count: 1 },
      ],
    });
    expect(summariseHints([])).toEqual({
      total: 0,
      texts: 0,
      byCategory: { counterfactual: 0, blame: 0, minimising: 0, hindsight: 0 },
      phrases: [],
    });
  });
});
