/// <reference types="vitest/config" />
// The studio's front end: served on 127.0.0.1:1420 for `tauri dev`, built into ./dist for the
// bundle. Relative base (the webview loads from the app's own origin), WebKitGTK-level syntax,
// and no inline scripts: the CSP allows only 'self' scripts.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  base: './',
  plugins: [react()],
  clearScreen: false,
  server: {
    host: '127.0.0.1',
    port: 1420,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: ['es2021', 'safari15'],
    // Inlined assets would become data: URLs; keep everything as files from 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
