/**
 * The repository stands alone: every link in README.md and docs/*.md points at a file (or a
 * heading of one) inside the repository, or at a web address; none at a file outside it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** README.md and every .md under docs/. */
function documents(): string[] {
  const out = ['README.md'];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir))) {
      const rel = join(dir, entry);
      if (statSync(join(ROOT, rel)).isDirectory()) walk(rel);
      else if (entry.endsWith('.md')) out.push(rel);
    }
  };
  walk('docs');
  return out;
}

/** Every TypeScript and config source we ship or test with (not dependencies, not build output). */
function sourceFiles(): string[] {
  const out: string[] = [];
  const skip = new Set(['node_modules', '.output', '.wxt', '.git', 'dist', 'coverage']);
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir))) {
      if (skip.has(entry)) continue;
      const rel = join(dir, entry);
      if (statSync(join(ROOT, rel)).isDirectory()) walk(rel);
      else if (/\.(?:[cm]?[jt]sx?)$/.test(entry)) out.push(rel);
    }
  };
  for (const dir of ['extension', 'widget', 'shared', 'packages', 'test', 'tools']) if (existsSync(join(ROOT, dir))) walk(dir);
  for (const entry of readdirSync(ROOT)) if (/\.(?:[cm]?[jt]sx?)$/.test(entry)) out.push(entry);
  return out;
}

/** Markdown link and image targets, `[text](target)` and `[ref]: target`, outside code. */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const inline = [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  const references = [...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((m) => m[1]!);
  return [...inline, ...references];
}

/** Markdown heading anchors as GitHub makes them. */
function anchors(markdown: string): Set<string> {
  const prose = markdown.replace(/```[\s\S]*?```/g, '');
  return new Set(
    [...prose.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((m) =>
      m[1]!
        .toLowerCase()
        .replace(/[`*_]/g, '')
        .replace(/[^\p{L}\p{N}\s-]/gu, '')
        .replace(/\s/g, '-'),
    ),
  );
}

/** Why `target` (from `file`) does not resolve inside the repository, or null when it does. */
function problemWith(file: string, target: string): string | null {
  if (/^(?:https?:|mailto:)/i.test(target)) return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return `${target}: not a web address or a file of the repository`;
  const [path, anchor] = target.split('#') as [string, string | undefined];
  const absolute = path === '' ? join(ROOT, file) : target.startsWith('/') ? join(ROOT, path) : resolve(ROOT, dirname(file), decodeURIComponent(path));
  const inside = relative(ROOT, absolute);
  if (inside.startsWith('..')) return `${target}: outside the repository`;
  if (!existsSync(absolute)) return `${target}: no such file (${inside})`;
  if (anchor && absolute.endsWith('.md') && !anchors(readFileSync(absolute, 'utf8')).has(anchor)) return `${target}: no heading #${anchor} in ${inside}`;
  return null;
}

describe('links in README.md and docs/', () => {
  it('finds the links it checks (the parser is not blind)', () => {
    expect(linkTargets('See [a](docs/a.md), ![b](b.png "t") and `[c](not-a-link)`.\n\n[d]: ../e.md')).toEqual(['docs/a.md', 'b.png', '../e.md']);
  });

  it('reports a link outside the repository and a missing file', () => {
    expect(problemWith('README.md', '../shared/DESIGN.md')).toMatch(/outside the repository/);
    expect(problemWith('docs/architecture.md', 'no-such-file.md')).toMatch(/no such file/);
    expect(problemWith('README.md', 'docs/http-api.md#no-such-heading')).toMatch(/no heading/);
    expect(problemWith('README.md', 'docs/http-api.md#states')).toBeNull();
  });

  it('README links docs/architecture.md and docs/http-api.md', () => {
    const targets = linkTargets(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    expect(targets).toContain('docs/architecture.md');
    expect(targets).toContain('docs/http-api.md');
  });

  it.each(documents())('every link in %s resolves inside the repository', (file) => {
    const problems = linkTargets(readFileSync(join(ROOT, file), 'utf8'))
      .map((target) => problemWith(file, target))
      .filter((p) => p !== null);
    expect(problems).toEqual([]);
  });

  it('no document cites the handbook that is not in the repository', () => {
    const cited = documents().filter((file) => /\b(?:DESIGN|PLATFORM|STYLE)\.md\b/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(cited).toEqual([]);
  });

  it('no source comment sends a reader to the handbook either', () => {
    // This file names the handbook files on purpose (the rule itself and its fixtures).
    const self = relative(ROOT, import.meta.filename);
    const cited = sourceFiles().filter(
      (file) => file !== self && /\b(?:DESIGN|PLATFORM|STYLE)\.md\b/.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(sourceFiles().length).toBeGreaterThan(100);
    expect(cited).toEqual([]);
  });
});
