#!/usr/bin/env node
/**
 * `npm run lint:deps`: runs dependency-cruiser with the root .dependency-cruiser.cjs over the
 * source folders and fails on any violation, naming the rule. It also fails when dependency-
 * cruiser read fewer modules than there are source files: with a TypeScript it cannot use
 * (7.0 has no JS API) it silently reads no .ts file and reports "no violations".
 *
 * dependency-cruiser and the TypeScript 5.9 it parses with live in this folder's own
 * node_modules (package.json and package-lock.json here), apart from the repository's
 * TypeScript 7, which type-checks. The root postinstall installs them; when they are missing
 * (a checkout that copied node_modules) this script installs them from the lock file first.
 *
 * Usage: node tools/depcruise/check-layers.mjs [--base DIR] [--config FILE] [folders...]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const toolDir = path.dirname(fileURLToPath(import.meta.url));
const SOURCE = /\.(?:ts|tsx|mts|cts)$/;

/** Installs the tool's own dependencies from its lock file when they are missing. */
export function ensureInstalled() {
  if (existsSync(path.join(toolDir, 'node_modules', 'dependency-cruiser', 'package.json'))) return;
  console.error('lint:deps: installing dependency-cruiser and TypeScript 5.9 into tools/depcruise (npm ci)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', toolDir], { stdio: 'inherit' });
}

/** Every TypeScript source file under `folders` (relative to `base`), .d.ts files aside. */
export function sourceFiles(base, folders) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(path.join(base, dir))) {
      if (entry === 'node_modules' || entry.startsWith('.')) continue;
      const rel = path.posix.join(dir, entry);
      if (statSync(path.join(base, rel)).isDirectory()) walk(rel);
      else if (SOURCE.test(entry) && !entry.endsWith('.d.ts')) out.push(rel);
    }
  };
  for (const folder of folders) {
    if (statSync(path.join(base, folder)).isDirectory()) walk(folder);
    else if (SOURCE.test(folder)) out.push(folder);
  }
  return out.sort();
}

/**
 * Cruises `folders` of `base` with the configuration `config` (relative to `base`).
 * @returns {{ ok: boolean, report: string, cruised: number, expected: number, violations: Array<{rule: string, from: string, to: string}> }}
 */
export function checkLayers(base, folders, config = '.dependency-cruiser.cjs') {
  ensureInstalled();
  const bin = path.join(toolDir, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const run = spawnSync(process.execPath, [bin, '--config', config, '--output-type', 'json', ...folders], {
    cwd: base,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  if (!run.stdout.trim()) throw new Error(`dependency-cruiser gave no result (exit ${run.status}):\n${run.stderr}`);
  const result = JSON.parse(run.stdout);
  const expectedFiles = sourceFiles(base, folders);
  const cruisedFiles = new Set(result.modules.map((m) => m.source).filter((s) => SOURCE.test(s)));
  const missed = expectedFiles.filter((f) => !cruisedFiles.has(f));
  const violations = result.summary.violations.map((v) => ({
    rule: v.rule.name,
    from: v.from,
    to: v.to,
    cycle: v.cycle?.map((c) => (typeof c === 'string' ? c : c.name)),
  }));
  const lines = violations.map((v) => `  ${v.rule}: ${v.from} -> ${v.cycle ? v.cycle.join(' -> ') : v.to}`);
  if (missed.length > 0) {
    lines.push(
      `  modules-cruised: dependency-cruiser read ${cruisedFiles.size} of ${expectedFiles.length} source files; it missed ${missed.slice(0, 5).join(', ')}${missed.length > 5 ? ', ...' : ''}.`,
      '  It reads TypeScript through the `typescript` package next to it (5.9 in tools/depcruise/node_modules): run `npm ci --prefix tools/depcruise`,',
      `  and \`node ${path.relative(base, bin)} --info\` to see which transpilers it found.`,
    );
  }
  const ok = violations.length === 0 && missed.length === 0;
  const head = ok
    ? `lint:deps: read ${cruisedFiles.size} of ${expectedFiles.length} source files, ${result.summary.totalDependenciesCruised} dependencies: no layering violation, no cycle.`
    : `lint:deps: ${violations.length} violation(s)${missed.length ? ` and ${missed.length} source file(s) not read` : ''} (rules in .dependency-cruiser.cjs, layers in docs/architecture.md):`;
  return { ok, report: [head, ...lines].join('\n'), cruised: cruisedFiles.size, expected: expectedFiles.length, violations };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let base = process.cwd();
  const b = args.indexOf('--base');
  if (b !== -1) {
    base = path.resolve(args[b + 1]);
    args.splice(b, 2);
  }
  let config;
  const c = args.indexOf('--config');
  if (c !== -1) {
    config = args[c + 1];
    args.splice(c, 2);
  }
  const { ok, report } = checkLayers(base, args.length ? args : ['extension', 'shared', 'widget'], config);
  (ok ? console.log : console.error)(report);
  process.exit(ok ? 0 : 1);
}
