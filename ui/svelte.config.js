import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  preprocess: vitePreprocess(),
  // Runes everywhere: legacy reactive syntax is a compile error, not a silent fallback.
  compilerOptions: { runes: true },
};
