import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/**
 * A secret for a cookie or an invite link, as the Lucia guide recommends: 20 random bytes (160 bits, far beyond
 * guessing) from the platform's CSPRNG, in lower-case base32 without padding so it is URL- and cookie-safe.
 */
export function generateToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/**
 * What the database stores instead of the token: SHA-256, hex. A leaked table cannot be turned back into working
 * cookies or links, and a fast hash is enough because the token has 160 random bits (unlike a password).
 */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}
