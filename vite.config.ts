import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The editor is built into dist/renderer, which the admin listener serves at `/` under a strict CSP (no inline scripts).
 * For `npx vite` (hot reload), set FLOWGATE_ADMIN_URL to a running `flowgate serve`'s admin URL: the admin API and the
 * login link are proxied to it, presented as same-origin so its Host and Origin checks pass.
 */
const adminUrl = process.env.FLOWGATE_ADMIN_URL;
const toAdmin = adminUrl ? { target: adminUrl, changeOrigin: true, headers: { origin: adminUrl } } : undefined;

export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
  server: toAdmin ? { proxy: { '/admin': toAdmin, '/login': toAdmin } } : {},
});
