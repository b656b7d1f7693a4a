import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import { diffText, type TextSegment } from './text.ts';

function rebuild(segments: TextSegment[], side: 'before' | 'after'): string {
  const skip = side === 'before' ? 'insert' : 'delete';
  return segments
    .filter((segment) => segment.op !== skip)
    .map((segment) => segment.text)
    .join('');
}

function expectRebuilds(before: string, after: string): TextSegment[] {
  const segments = diffText(before, after);
  expect(rebuild(segments, 'before')).toBe(before);
  expect(rebuild(segments, 'after')).toBe(after);
  for (let index = 1; index < segments.length; index++) {
    expect(segments[index]?.op).not.toBe(segments[index - 1]?.op);
  }
  expect(segments.every((segment) => segment.text !== '')).toBe(true);
  return segments;
}

describe('diffText', () => {
  it('gives one equal segment for identical text and nothing for two empty strings', () => {
    expect(diffText('same words', 'same words')).toEqual([{ op: 'equal', text: 'same words' }]);
    expect(diffText('', '')).toEqual([]);
  });

  it('shows text written into or cleared from an empty field as one segment', () => {
    expect(diffText('', 'flag off')).toEqual([{ op: 'insert', text: 'flag off' }]);
    expect(diffText('flag off', '')).toEqual([{ op: 'delete', text: 'flag off' }]);
  });

  it('marks whole words, not the letters that happen to differ', () => {
    expect(expectRebuilds('The flag was turned off.', 'The flag was finally turned off.')).toEqual([
      { op: 'equal', text: 'The flag was ' },
      { op: 'insert', text: 'finally ' },
      { op: 'equal', text: 'turned off.' },
    ]);
    expect(expectRebuilds('Leo turned it off', 'Maya turned it off')).toEqual([
      { op: 'delete', text: 'Leo' },
      { op: 'insert', text: 'Maya' },
      { op: 'equal', text: ' turned it off' },
    ]);
  });

  it('puts the deletion before the insertion when words are replaced', () => {
    const segments = expectRebuilds('p99 was 2.1 seconds', 'p99 was 3.4 seconds');
    const ops = segments.map((segment) => segment.op);
    expect(ops.indexOf('delete')).toBeLessThan(ops.indexOf('insert'));
  });

  it('keeps whitespace changes such as a new paragraph, so both versions can be rebuilt', () => {
    const segments = expectRebuilds('First.\nSecond.', 'First.\n\nSecond.');
    expect(segments).toContainEqual({ op: 'insert', text: '\n' });
  });

  it('handles text without spaces between words and characters outside the BMP', () => {
    expectRebuilds('日本語のテキスト', '日本語のテスト');
    expectRebuilds('deploy 🚀 done', 'deploy 🚀🔥 done');
    expectRebuilds('naïve café', 'naïve cafés');
  });

  it('rebuilds both sides for random edits (seeded)', () => {
    const gen = prng.create(20260311);
    const words = ['the', 'flag', 'was', 'off', 'p99', 'latency', '.', ',', ' ', '\n', 'Leo', 'atlas-api', 'é', '🚀'];
    const sentence = () => Array.from({ length: prng.int32(gen, 0, 40) }, () => prng.oneOf(gen, words)).join(' ');
    for (let run = 0; run < 300; run++) expectRebuilds(sentence(), sentence());
  });

  it('falls back to one replaced middle for a rewrite too large to diff word by word, without splitting words', () => {
    const gen = prng.create(7);
    const words = (count: number) => Array.from({ length: count }, () => prng.word(gen, 3, 8)).join(' ');
    const head = 'Same opening paragraph. ';
    const tail = ' Same closing line.';
    const before = `${head}${words(4000)}${tail}`;
    const after = `${head}${words(4000)}${tail}`;
    const segments = expectRebuilds(before, after);
    expect(segments.map((segment) => segment.op)).toEqual(['equal', 'delete', 'insert', 'equal']);
    expect(segments[0]?.text.startsWith(head)).toBe(true);
    expect(segments[3]?.text.endsWith(tail)).toBe(true);
    // The equal parts end and begin at word boundaries.
    expect(segments[0]?.text).toMatch(/[^\p{L}]$/u);
    expect(segments[3]?.text).toMatch(/^[^\p{L}]/u);
  });
});
