/**
 * Builds the package folder from this repository: the extension (WXT, at the repository
 * root) copied to `chrome-mv3/` and `firefox-mv3/`, the helper bundled to `dist/*.js` (Vite, for Node), its
 * declarations emitted by `tsc` under `dist/types/` with one entry `.d.ts` per export, and
 * the repository's LICENSE. `npm pack` runs it (prepack), so a tarball is never stale.
 */
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const PACKAGE = import.meta.dirname;
const ROOT = resolve(PACKAGE, '../..');
const DIST = join(PACKAGE, 'dist');
/** The entry points: `exports` names them; each gets `dist/NAME.js` and `dist/NAME.d.ts`. */
const ENTRIES = { index: 'src/index.ts', playwright: 'src/playwright.ts' };

const run = (command: string, args: string[], cwd: string) => execFileSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });

// 1. The extension for Chrome and for Firefox, built from this checkout, then copied whole.
const BUILDS = [
  { folder: 'chrome-mv3', args: ['wxt', 'build'] },
  { folder: 'firefox-mv3', args: ['wxt', 'build', '-b', 'firefox', '--mv3'] },
];
const pkg = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as { version: string };
for (const { folder, args } of BUILDS) {
  const built = join(ROOT, '.output', folder);
  // The end-to-end setup builds both extensions already; it may say so.
  const reuse = process.env.AUTHENTICATOR_SKIP_EXTENSION_BUILD === '1' && existsSync(join(built, 'manifest.json'));
  if (!reuse) run('npx', args, ROOT);
  const manifest = JSON.parse(readFileSync(join(built, 'manifest.json'), 'utf8')) as { version: string };
  if (manifest.version !== pkg.version) {
    throw new Error(`The ${folder} extension is version ${manifest.version} but this package says ${pkg.version}: make them equal (root and packages/authenticator package.json).`);
  }
  rmSync(join(PACKAGE, folder), { recursive: true, force: true });
  cpSync(built, join(PACKAGE, folder), { recursive: true });
}

// 2. The helper for Node: ESM, dependencies left to the installer.
rmSync(DIST, { recursive: true, force: true });
await build({
  configFile: false,
  root: PACKAGE,
  logLevel: 'warn',
  build: {
    ssr: true,
    target: 'node20',
    outDir: DIST,
    emptyOutDir: false,
    minify: false,
    rollupOptions: {
      input: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, join(PACKAGE, file)])),
      external: ['playwright-core', '@playwright/test', ...builtinModules, /^node:/],
      // Chunks beside the entries: extension-path.ts finds chrome-mv3/ one level up.
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});

// 3. Declarations: tsc mirrors the source tree (the helper and the shared types it names).
run(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(PACKAGE, 'tsconfig.build.json')], PACKAGE);
for (const [name, file] of Object.entries(ENTRIES)) {
  const declarations = `./types/packages/authenticator/${file.replace(/\.ts$/, '.js')}`;
  if (!existsSync(join(DIST, declarations.replace(/\.js$/, '.d.ts')))) throw new Error(`tsc emitted no declarations for ${file}.`);
  writeFileSync(join(DIST, `${name}.d.ts`), `export * from '${declarations}';\n`);
}

// 4. The license of the repository.
const license = join(ROOT, 'LICENSE');
if (!existsSync(license)) throw new Error('There is no LICENSE at the repository root to ship.');
cpSync(license, join(PACKAGE, 'LICENSE'));
