import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is a plain static bundle: loaded from file:// by Electron and from the
// loopback browser host, so every asset URL is relative (base './').
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // No inline scripts: the CSP forbids them.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2500,
  },
});
