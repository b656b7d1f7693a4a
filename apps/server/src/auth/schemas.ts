import { z } from 'zod';

/** Emails are compared and stored trimmed and lower-case, so "Ana@Example.com " and "ana@example.com" are one. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be an email address such as ana@example.com'));

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

/** Length is what makes a password strong; the upper bound keeps hashing cost bounded. */
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`);

export const nameSchema = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

/** The one rule that needs the email too: the password must not simply be it. */
export function passwordIsNotEmail(password: string, email: string): boolean {
  return password.trim().toLowerCase() !== email.trim().toLowerCase();
}

export const PASSWORD_IS_EMAIL_MESSAGE = 'must not be your email address';
