/**
 * The layering check (`npm run lint:deps`) cannot pass silently: on a fixture tree with
 * deliberately broken imports it fails and names the rules, and when dependency-cruiser reads
 * fewer files than there are it fails too; on the same tree without them it passes. Each
 * cruise starts TypeScript 5.9 in a child process (seconds on a busy machine): two in all.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLayers } from '../../../tools/depcruise/check-layers.mjs';

const FIXTURE = resolve(import.meta.dirname, 'fixture');

describe('the layering check', () => {
  it('fails on a page file importing worker code, on a cycle and on a file it did not read, naming each', { timeout: 120_000 }, () => {
    // blind.cjs: the repository's rules, with extension/scan/hidden.ts hidden from dependency-cruiser.
    const result = checkLayers(FIXTURE, ['extension', 'shared'], 'blind.cjs');
    expect(result.ok).toBe(false);
    expect(result.violations).toContainEqual(expect.objectContaining({ rule: 'page-not-to-worker', from: 'extension/fill/page/bad-page.ts', to: 'extension/scan/scan-service.ts' }));
    expect(result.violations.map((v) => v.rule)).toContain('no-circular');
    expect(result.violations.map((v) => v.from)).not.toContain('extension/fill/page/good-page.ts');
    expect(result.report).toMatch(/page-not-to-worker: extension\/fill\/page\/bad-page\.ts -> extension\/scan\/scan-service\.ts/);
    expect(result.report).toMatch(/no-circular: extension\/ui\/cycle-/);
    expect(result.report).toMatch(/modules-cruised: dependency-cruiser read 7 of 8 source files; it missed extension\/scan\/hidden\.ts/);
  });

  it('passes where the imports keep to the rules, having read every file', { timeout: 120_000 }, () => {
    const result = checkLayers(FIXTURE, ['extension/fill/page/good-page.ts', 'extension/messaging', 'extension/scan', 'shared'], 'layers.cjs');
    expect(result.report).toMatch(/no layering violation/);
    expect(result.ok).toBe(true);
    expect(result.cruised).toBe(result.expected);
    expect(result.cruised).toBe(5);
  });
});
