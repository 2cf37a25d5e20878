/**
 * The package's JavaScript (`npm run build -w widget`): one ES module per entry point in
 * widget/dist, shared code split into chunks. Every bare import (node:*, otpauth, preact,
 * lean-qr, better-sqlite3, pg) stays an import, resolved in the site's own node_modules.
 * The prebuilt script (dist/two-factor.js) and the .d.ts files come from the other build steps.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const entry = (name: string) => resolve(import.meta.dirname, 'entries', `${name}.ts`);

export default defineConfig({
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    // The script build runs first into the same folder.
    emptyOutDir: false,
    target: 'es2022',
    minify: false,
    lib: {
      entry: { index: entry('index'), sqlite: entry('sqlite'), postgres: entry('postgres'), node: entry('node'), element: entry('element') },
      formats: ['es'],
    },
    rolldownOptions: {
      external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
      output: { chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
