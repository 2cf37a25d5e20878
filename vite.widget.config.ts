/**
 * `npm run build:widget`: the embeddable widget as one ES module, dist/widget/two-factor.js,
 * with Preact and lean-qr inside (site owners add one script tag, no bundler needed).
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    target: 'es2022',
    minify: 'oxc',
    // Library mode keeps ES output readable; a script tag wants it small (the widget bench's budget).
    rolldownOptions: { output: { minify: true } },
    lib: {
      entry: resolve(import.meta.dirname, 'widget/element/index.ts'),
      formats: ['es'],
      fileName: () => 'two-factor.js',
    },
  },
});
