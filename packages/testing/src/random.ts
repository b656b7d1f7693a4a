/**
 * Seeded randomness for deterministic tests (lib0/prng underneath, as Yjs's own tests use). A failing run prints
 * or names its seed; the same seed replays the same choices.
 */
import * as prng from 'lib0/prng';

export class SeededRandom {
  readonly seed: number;
  private readonly generator: prng.PRNG;

  constructor(seed: number) {
    this.seed = seed;
    this.generator = prng.create(seed);
  }

  /** A float in [0, 1). */
  next(): number {
    return prng.real53(this.generator);
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return prng.int53(this.generator, min, max);
  }

  /** True with the given probability. */
  bool(probability = 0.5): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('SeededRandom.pick: no items');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let index = copy.length - 1; index > 0; index--) {
      const other = this.int(0, index);
      [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
    }
    return copy;
  }

  /** Lowercase letters, length in [minLength, maxLength]. */
  word(minLength = 1, maxLength = 10): string {
    return prng.word(this.generator, minLength, maxLength);
  }

  /** Arbitrary UTF-16 text including astral characters, up to maxLength code units. */
  text(maxLength = 20): string {
    return prng.utf16String(this.generator, maxLength);
  }

  bytes(length: number): Uint8Array {
    return prng.uint8Array(this.generator, length);
  }
}

export function createRandom(seed: number): SeededRandom {
  return new SeededRandom(seed);
}

/** A stable 32-bit seed from a name (FNV-1a), so each test gets its own sequence without a shared counter. */
export function seedFromName(name: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < name.length; index++) {
    hash ^= name.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
