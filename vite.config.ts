import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The editor is built into dist/renderer, which the admin listener serves at `/` under a strict CSP (no inline scripts). */
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
});
