import adapter from '@sveltejs/adapter-static';
import { basename } from 'node:path';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// Another folder lets several builds (of several working copies' tests) run side by side; see test/support.
const outDir = process.env.PARALLAX_WEB_BUILD_DIR ?? 'build';
// SvelteKit's own working folder too: two builds sharing it mix each other's chunks.
const kitDir = process.env.PARALLAX_WEB_BUILD_DIR ? `.svelte-kit-${basename(outDir)}` : '.svelte-kit';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // apps/server serves build/ and answers every unknown non-API path with the fallback page, which boots the
    // client-side router. Nothing is prerendered: every page needs the API or the live document.
    adapter: adapter({ pages: outDir, assets: outDir, fallback: 'index.html', precompress: false, strict: true }),
    // The fallback page is served at any depth (/incidents/abc), so asset URLs must be absolute.
    paths: { relative: false },
    outDir: kitDir,
  },
};

export default config;
