import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { NONCE_PLACEHOLDER } from './electron/core/security/csp';

// The renderer is a plain static bundle: loaded from file:// by Electron and from the
// loopback browser host, so every asset URL is relative (base './').
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  // The page's CSP nonce: replaced on every load by the host (electron/core/security/renderer-assets.ts).
  html: { cspNonce: NONCE_PLACEHOLDER },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // No inline scripts: the CSP forbids them.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2500,
  },
});
