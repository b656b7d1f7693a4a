import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// In development the API and the sync socket live in apps/server; proxying keeps everything same-origin, as in
// production, so cookies and the websocket Origin check behave the same.
const API_ORIGIN = 'http://localhost:3000';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    proxy: {
      '/api': { target: API_ORIGIN, changeOrigin: false },
      '/sync': { target: API_ORIGIN, ws: true, changeOrigin: false },
    },
  },
});
