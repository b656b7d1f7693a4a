import { defineConfig } from 'tsup';

// Our workspace packages export TypeScript source, so they are bundled in; third-party packages stay external and
// load from node_modules (PGlite needs its own files beside it, and one copy of yjs must be shared).
export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  noExternal: [/^@parallax\//],
});
