export type { AppType } from './app.ts';
export { createApp } from './app.ts';
export { startParallax, type RunningParallax, type ParallaxOptions } from './server.ts';
export { parseEnv, type Env } from './env.ts';
