import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Integration suites start servers, databases and browsers; two cores is the machine we plan for.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'node',
          include: ['packages/*/src/**/*.test.ts', 'apps/server/src/**/*.test.ts', 'test/**/*.test.ts'],
          globalSetup: ['test/setup/global.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      // The web app's own specs run through its Vite config, so Svelte runes in *.svelte.ts compile as in the app.
      {
        extends: './apps/web/vite.config.ts',
        test: { name: 'web', root: './apps/web', include: ['src/**/*.test.ts'] },
      },
    ],
  },
});
