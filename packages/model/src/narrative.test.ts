import { describe, expect, it } from 'vitest';
import { findBlamelessHints } from './blameless/hints.ts';
import {
  REVIEW_QUESTIONS,
  eventReference,
  eventReferencePattern,
  findEventReferences,
  reviewOutline,
} from './narrative.ts';

describe('narrative event references', () => {
  it('writes and finds [[event:<id>]] tokens with their offsets', () => {
    const markdown = `At 13:35 ${eventReference('e-1')} and then ${eventReference('9b08_A')}.`;
    expect(markdown).toBe('At 13:35 [[event:e-1]] and then [[event:9b08_A]].');
    expect(findEventReferences(markdown)).toEqual([
      { eventId: 'e-1', start: 9, end: 22 },
      { eventId: '9b08_A', start: 32, end: 48 },
    ]);
    const first = findEventReferences(markdown)[0];
    expect(markdown.slice(first?.start, first?.end)).toBe('[[event:e-1]]');
  });

  it('ignores look-alikes', () => {
    expect(findEventReferences('[[event:]] [event:a] [[event:a b]] [[Event:a]] [[event:a]')).toEqual([]);
  });

  it('refuses to build a token from an id that would break it', () => {
    expect(() => eventReference('a]]b')).toThrow(RangeError);
  });
});

describe('eventReferencePattern', () => {
  it('matches the same tokens as findEventReferences, with a fresh lastIndex each time', () => {
    const markdown = `${eventReference('a')} [[event:]] ${eventReference('b-2')}`;
    const first = eventReferencePattern();
    expect([...markdown.matchAll(first)].map((match) => match[1])).toEqual(['a', 'b-2']);
    first.exec(markdown);
    expect(first.lastIndex).toBeGreaterThan(0);
    expect(eventReferencePattern().lastIndex).toBe(0);
    expect(eventReferencePattern().exec(markdown)?.index).toBe(findEventReferences(markdown)[0]?.start);
  });
});

describe('review questions', () => {
  it('are the six questions of a learning review, in the order a story is told', () => {
    expect(REVIEW_QUESTIONS.map((entry) => entry.question)).toEqual([
      'How could we have detected it sooner?',
      'How could we have diagnosed it faster?',
      'How could we have resolved it faster?',
      'What went well?',
      'Where did we get lucky?',
      'What did we learn about how the system behaves?',
    ]);
    for (const { prompt } of REVIEW_QUESTIONS) {
      expect(prompt).toMatch(/^[A-Z].*\?$/);
      expect(prompt).not.toContain('\n');
    }
  });

  it('make a Markdown outline: a heading per question with its prompt in italics under it', () => {
    const outline = reviewOutline();
    const sections = outline.split(/\n(?=## )/);
    expect(sections).toHaveLength(6);
    sections.forEach((section, index) => {
      const entry = REVIEW_QUESTIONS[index];
      expect(section).toBe(`## ${entry?.question}\n\n_${entry?.prompt}_\n`);
    });
    expect(outline.startsWith('## How could we have detected it sooner?\n\n_')).toBe(true);
    expect(outline.endsWith('_\n')).toBe(true);
    expect(outline).not.toMatch(/\n{3}/);
  });

  it('open the questions up without blame: the blameless hints find nothing in the outline', () => {
    expect(findBlamelessHints(reviewOutline())).toEqual([]);
  });
});
