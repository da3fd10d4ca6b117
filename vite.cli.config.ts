/**
 * The `herald` command line as plain JavaScript (out/cli/), so an installed Herald needs neither tsx nor the
 * TypeScript sources: `npm run build:cli`. npm dependencies stay external (they are the package's dependencies);
 * each command stays its own chunk, so `herald --help` loads only the entry.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: true,
    target: 'node20',
    outDir: resolve(import.meta.dirname, 'out/cli'),
    emptyOutDir: true,
    minify: false,
    sourcemap: false,
    rolldownOptions: {
      input: { herald: resolve(import.meta.dirname, 'src/cli/index.ts') },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
