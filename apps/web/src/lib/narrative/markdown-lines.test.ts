import { describe, expect, it } from 'vitest';
import { reviewOutline } from '@parallax/model';
import { markdownLineClass } from './markdown-lines.ts';

describe('markdownLineClass', () => {
  it('sets headings by level, up to the third', () => {
    expect(markdownLineClass('# Checkout outage')).toBe('cm-md-heading cm-md-h1');
    expect(markdownLineClass('## What went well?')).toBe('cm-md-heading cm-md-h2');
    expect(markdownLineClass('##### Deep')).toBe('cm-md-heading cm-md-h3');
    expect(markdownLineClass('#hashtag')).toBeNull();
    expect(markdownLineClass('##')).toBeNull();
  });

  it('quiets a line in italics, not bold or list items', () => {
    expect(markdownLineClass('_Which signals were there?_')).toBe('cm-md-emphasis');
    expect(markdownLineClass('*x*')).toBe('cm-md-emphasis');
    expect(markdownLineClass('**Bold claim**')).toBeNull();
    expect(markdownLineClass('* a list item')).toBeNull();
    expect(markdownLineClass('_half italic_ and plain')).toBeNull();
  });

  it('marks quotes and leaves prose alone', () => {
    expect(markdownLineClass('> we rolled back at 14:20')).toBe('cm-md-quote');
    expect(markdownLineClass('At 14:03 the alert fired.')).toBeNull();
    expect(markdownLineClass('')).toBeNull();
  });

  it('shows the review outline as headings with their prompts', () => {
    const classes = reviewOutline()
      .split('\n')
      .map((line) => markdownLineClass(line));
    expect(classes.filter((name) => name?.startsWith('cm-md-heading'))).toHaveLength(6);
    expect(classes.filter((name) => name === 'cm-md-emphasis')).toHaveLength(6);
  });
});
