import { describe, expect, it } from 'vitest';
import { eventReference, findEventReferences } from './narrative.ts';

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
