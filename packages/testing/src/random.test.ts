import { describe, expect, it } from 'vitest';
import { createRandom, seedFromName } from './random.ts';

describe('SeededRandom', () => {
  it('replays the same sequence for the same seed', () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);
      return [random.int(0, 1000), random.word(), random.pick(['a', 'b', 'c']), random.bool(), [...random.bytes(4)]];
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('keeps integers in range and shuffles without losing items', () => {
    const random = createRandom(seedFromName('range'));
    for (let index = 0; index < 1000; index++) {
      const value = random.int(-3, 3);
      expect(value).toBeGreaterThanOrEqual(-3);
      expect(value).toBeLessThanOrEqual(3);
    }
    expect(random.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('derives stable, distinct seeds from names', () => {
    expect(seedFromName('a test')).toBe(seedFromName('a test'));
    expect(seedFromName('a test')).not.toBe(seedFromName('another test'));
  });
});
