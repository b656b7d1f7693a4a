import { InvalidEnvironmentError, readEnv } from './env.ts';
import { createLogger } from './logger.ts';
import { announceDemo } from './seed/announce.ts';
import { seedDemo } from './seed/demo.ts';
import { startParallax } from './server.ts';

async function main() {
  const env = readEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const parallax = await startParallax({ env, logger });
  if (env.SEED_DEMO) {
    const demo = await seedDemo(parallax, { dataDir: env.DATA_DIR });
    if (demo) announceDemo(parallax, demo.account);
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: flushing every open incident');
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: env.SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out; exiting with unsaved work possible');
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS);
    parallax.close().then(
      () => {
        clearTimeout(deadline);
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  if (err instanceof InvalidEnvironmentError) console.error(err.message);
  else console.error('Parallax failed to start:', err);
  process.exit(1);
});
