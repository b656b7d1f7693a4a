import { z } from 'zod';

/**
 * The only reader of process.env. Everything else receives a typed Env, so tests can build one without touching
 * the process and a typo in a variable name fails at start-up instead of at the first request.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .transform((value) => value || undefined),
  DATA_DIR: z.string().default('./data'),
  /** Reserved for running several processes; single-process mode needs no Redis. */
  REDIS_URL: z
    .string()
    .url()
    .optional()
    .transform((value) => value || undefined),
  /** Built SvelteKit app to serve; defaults to apps/web/build next to this app. */
  WEB_ROOT: z.string().optional(),
  /**
   * Public origin (scheme://host[:port]) the browser uses. When set, it is the only Origin accepted on mutating
   * requests and websockets, invite links are built on it, and an https one makes the session cookie Secure.
   * Defaults to the request's own scheme and Host.
   */
  PUBLIC_URL: z
    .string()
    .url()
    .optional()
    .transform((value) => value || undefined),
  /**
   * Behind a reverse proxy: believe its X-Forwarded-For (client address, for login rate limits) and
   * X-Forwarded-Proto (https). Leave false when clients reach the server directly, or they could forge both.
   */
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seed the Gandalf/Atlas demo incident into an empty database. */
  SEED_DEMO: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((value) => value === 'true' || value === '1'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});

export type Env = z.infer<typeof envSchema>;

export class InvalidEnvironmentError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid environment:\n  ${issues.join('\n  ')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new InvalidEnvironmentError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return result.data;
}

export function readEnv(): Env {
  return parseEnv(process.env);
}
