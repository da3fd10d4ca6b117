import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  test: {
    globals: true,
    // Two cores on CI: keep parallelism modest so socket timing stays honest.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/renderer/**', 'tests/e2e/**', 'node_modules/**'],
          testTimeout: 20_000,
          hookTimeout: 20_000,
          // electron-store imports 'electron': inline it so vi.mock('electron') applies.
          server: { deps: { inline: ['electron-store'] } },
        },
      },
      {
        extends: true,
        plugins: [svelte({ configFile: resolve(import.meta.dirname, 'svelte.config.js') })],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['tests/renderer/**/*.test.ts'],
          // jsdom renders of whole corpora take seconds on two loaded cores: a deadline for a hang, not a speed test.
          testTimeout: 20_000,
          setupFiles: ['tests/renderer/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
