/**
 * One demo site per test file, as the HTTP-level demo tests need it: started in-process on an
 * ephemeral port with a throwaway data folder and no widget bundle (these tests speak HTTP;
 * the browser tests serve the real bundle themselves), closed and removed after the file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startDemo, type DemoOptions, type RunningDemo } from '../../../../widget/demo/server';

export type TestDemo = {
  /** The running demo; read it inside tests and hooks, after `beforeAll` ran. */
  readonly demo: RunningDemo;
  readonly dataDir: string;
};

/** Registers the file's `beforeAll`/`afterAll`; `options` are added to the test defaults. */
export function useTestDemo(name: string, options: DemoOptions = {}): TestDemo {
  let started: { demo: RunningDemo; dataDir: string } | null = null;
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), `demo-${name}-`));
    const demo = await startDemo({ port: 0, dataDir, widgetBundlePath: join(dataDir, 'no-widget.js'), onEvent: () => {}, ...options });
    started = { demo, dataDir };
  });
  afterAll(async () => {
    if (!started) return;
    await started.demo.close();
    rmSync(started.dataDir, { recursive: true, force: true });
  });
  const running = () => {
    if (!started) throw new Error('The test demo is not running: read it inside a test or hook.');
    return started;
  };
  return {
    get demo() {
      return running().demo;
    },
    get dataDir() {
      return running().dataDir;
    },
  };
}
