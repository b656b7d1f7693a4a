import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { UserRecord } from '@parallax/db';
import { generateToken } from '../auth/tokens.ts';
import type { Services } from '../http/context.ts';

export const DEMO_EMAIL = 'demo@parallax.example';
export const DEMO_NAME = 'Demo Responder';
/** Beside PGlite's files in DATA_DIR: readable by the owner only, like any other secret on disk. */
export const DEMO_ACCOUNT_FILE = 'demo-account.txt';

export interface DemoAccount {
  user: UserRecord;
  /** The password when it is known to work (just created, or read back from the file and verified); else null. */
  password: string | null;
  /** Where the password is kept; null when it could not be written there (it is printed this once instead). */
  file: string | null;
  created: boolean;
}

/**
 * The account that owns the demo incident. It is created with a random password (never a well-known one: an
 * instance reachable from a network must not come with an open door) and is never the administrator, so the first
 * person who signs up still becomes it.
 */
export async function ensureDemoAccount(
  services: Pick<Services, 'users' | 'passwords' | 'logger'>,
  dataDir: string,
): Promise<DemoAccount> {
  const { users, passwords, logger } = services;
  const file = join(dataDir, DEMO_ACCOUNT_FILE);
  const existing = await users.findCredentials(DEMO_EMAIL);
  if (existing) {
    const stored = await readStoredPassword(file);
    const works = stored !== null && (await passwords.verify(existing.passwordHash, stored));
    return { user: existing.user, password: works ? stored : null, file: works ? file : null, created: false };
  }

  const password = generateToken();
  const user = await users.create({
    email: DEMO_EMAIL,
    name: DEMO_NAME,
    passwordHash: await passwords.hash(password),
    admin: false,
  });
  let written: string | null = file;
  try {
    await writeFile(file, fileContents(password), { mode: 0o600 });
    // mode only applies when the file is created; a stale file from an earlier database keeps its own otherwise.
    await chmod(file, 0o600);
  } catch (err) {
    // With DATABASE_URL the data directory may not exist or be read-only; the password is then printed only now.
    logger.warn({ err, file }, 'could not store the demo account password; it is printed only this once');
    written = null;
  }
  return { user, password, file: written, created: true };
}

function fileContents(password: string): string {
  return [
    '# The Parallax demo account. Parallax prints it at start-up while this password still works.',
    '# Delete this file (or change the password in the app) to stop that.',
    `email: ${DEMO_EMAIL}`,
    `password: ${password}`,
    '',
  ].join('\n');
}

async function readStoredPassword(file: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const line = text.split('\n').find((candidate) => candidate.startsWith('password: '));
  return line ? line.slice('password: '.length).trim() || null : null;
}
