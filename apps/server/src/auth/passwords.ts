import argon2 from 'argon2';

export interface PasswordHashingOptions {
  /** KiB of memory per hash. */
  memoryCost: number;
  /** Passes over the memory. */
  timeCost: number;
  parallelism: number;
}

/**
 * OWASP's recommended argon2id minimum (19 MiB, 2 passes, 1 lane): about 30 ms per hash on the development machine,
 * costly for an attacker with a leaked table, cheap enough that a login never feels slow.
 */
export const DEFAULT_PASSWORD_HASHING: PasswordHashingOptions = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** argon2id hashing and verification. Hashes carry their own parameters, so old hashes verify after a change. */
export class PasswordHasher {
  readonly #options: PasswordHashingOptions;
  #dummyHash: Promise<string> | undefined;

  constructor(options: PasswordHashingOptions = DEFAULT_PASSWORD_HASHING) {
    this.#options = options;
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.#options });
  }

  /** False for a wrong password, and for a stored hash argon2 cannot read (never an exception to the caller). */
  async verify(passwordHash: string, password: string): Promise<boolean> {
    if (!passwordHash.startsWith('$argon2')) return false;
    return argon2.verify(passwordHash, password);
  }

  /**
   * Spends the time of a real verification when there is no account to check against, so the response time does
   * not tell an attacker which emails have accounts.
   */
  async verifyDummy(password: string): Promise<false> {
    this.#dummyHash ??= this.hash(`dummy-${crypto.randomUUID()}`);
    await argon2.verify(await this.#dummyHash, password);
    return false;
  }
}
