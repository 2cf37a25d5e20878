/**
 * Which browser launchAuthenticator() drives: CHROMIUM_PATH first (and it must exist), then
 * system Chromium, then the newest Chrome for Testing in Playwright's or Puppeteer's cache,
 * else an error that says how to get one and why branded Chrome will not do. Real folders
 * in a temporary home stand in for the machine.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chromiumCandidates, findChromium } from '../../../packages/authenticator/src/find-chromium';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'pfa-find-chromium-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function binary(path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

describe('findChromium', () => {
  it('takes CHROMIUM_PATH when it exists, and refuses one that does not', () => {
    const chosen = binary(join(home, 'bin', 'my-chromium'));
    expect(findChromium({ env: { CHROMIUM_PATH: chosen }, platform: 'linux', home })).toBe(chosen);
    expect(() => findChromium({ env: { CHROMIUM_PATH: join(home, 'nope') }, platform: 'linux', home })).toThrow(
      /^\[chromium_not_found\] CHROMIUM_PATH is ".*nope", which does not exist\./,
    );
  });

  it('finds the newest Chrome for Testing in Playwright\'s cache, before Puppeteer\'s', () => {
    binary(join(home, '.cache/ms-playwright/chromium-999/chrome-linux64/chrome'));
    const newest = binary(join(home, '.cache/ms-playwright/chromium-1200/chrome-linux64/chrome'));
    binary(join(home, '.cache/ms-playwright/chromium_headless_shell-1300/chrome-linux/headless_shell'));
    binary(join(home, '.cache/puppeteer/chrome/linux-140.0.7339.80/chrome-linux64/chrome'));
    const candidates = chromiumCandidates({ env: {}, platform: 'linux', home });
    const inHome = candidates.filter((p) => p.startsWith(home));
    expect(inHome[0]).toBe(newest);
    expect(inHome.some((p) => p.includes('headless_shell'))).toBe(false);
    expect(inHome.at(-1)).toBe(join(home, '.cache/puppeteer/chrome/linux-140.0.7339.80/chrome-linux64/chrome'));
  });

  it('orders Puppeteer\'s versions by number, and honours PLAYWRIGHT_BROWSERS_PATH', () => {
    const older = join(home, '.cache/puppeteer/chrome/linux-99.0.1/chrome-linux64/chrome');
    const newer = join(home, '.cache/puppeteer/chrome/linux-140.0.7339.80/chrome-linux64/chrome');
    binary(older);
    binary(newer);
    const custom = binary(join(home, 'browsers/chromium-1/chrome-linux/chrome'));
    const candidates = chromiumCandidates({ env: { PLAYWRIGHT_BROWSERS_PATH: join(home, 'browsers') }, platform: 'linux', home });
    expect(candidates.indexOf(custom)).toBeLessThan(candidates.indexOf(newer));
    expect(candidates.indexOf(newer)).toBeLessThan(candidates.indexOf(older));
  });

  it('looks in the usual places on macOS and Windows', () => {
    expect(chromiumCandidates({ env: {}, platform: 'darwin', home })).toContain('/Applications/Chromium.app/Contents/MacOS/Chromium');
    const windows = chromiumCandidates({ env: { LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local' }, platform: 'win32', home });
    expect(windows.some((p) => p.endsWith(join('Chromium', 'Application', 'chrome.exe')))).toBe(true);
  });

  it('without any, says how to get Chromium and that branded Chrome 137+ cannot load extensions', () => {
    // An unknown platform has no system locations; the empty home has no caches.
    expect(() => findChromium({ env: {}, platform: 'aix', home })).toThrow(
      /^\[chromium_not_found\] No Chromium or Chrome for Testing found\. Install Chromium \(Debian\/Ubuntu: `sudo apt-get install chromium`.*Branded Google Chrome 137 and later cannot load extensions/,
    );
  });
});
