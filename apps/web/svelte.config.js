import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // apps/server serves build/ and answers every unknown non-API path with the fallback page, which boots the
    // client-side router. Nothing is prerendered: every page needs the API or the live document.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', precompress: false, strict: true }),
    // The fallback page is served at any depth (/incidents/abc), so asset URLs must be absolute.
    paths: { relative: false },
  },
};

export default config;
