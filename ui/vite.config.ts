import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/** Fails the build when any module under src/lib/testing/ would ship in the app. */
function noTestCode(): Plugin {
  return {
    name: 'travesia-no-test-code',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk') continue;
        const leaked = Object.keys(file.modules).filter((id) => id.includes('/src/lib/testing/'));
        if (leaked.length > 0) this.error(`test code in the app bundle (${file.fileName}): ${leaked.join(', ')}`);
      }
    },
  };
}

// Set by `tauri dev` when the webview runs on another device (mobile); unset on desktop.
const host = process.env.TAURI_DEV_HOST;

export default defineConfig({
  plugins: [svelte(), noTestCode()],
  // Keep the Rust compiler's output visible when `tauri dev` runs both.
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    host: host || false,
    hmr: host ? { protocol: 'ws', host, port: 1421 } : undefined,
    watch: { ignored: ['**/src-tauri/**'] },
    // The channel icons (icons/channels) and the message catalogues (i18n/) live at the
    // repository root, shared with Rust.
    fs: { allow: ['.', '../icons', '../i18n'] },
  },
  envPrefix: ['VITE_', 'TAURI_ENV_'],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The webview on Linux is WebKitGTK; Safari 16 is a conservative floor for
    // the WebKit that current distributions ship.
    target: 'safari16',
    sourcemap: Boolean(process.env.TAURI_ENV_DEBUG),
  },
  // Svelte resolves to its server build under Node unless told otherwise;
  // component tests need the browser build to mount into jsdom.
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/lib/testing/setup.ts'],
  },
});
