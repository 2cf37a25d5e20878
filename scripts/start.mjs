#!/usr/bin/env node
/**
 * `npm start`: builds the extension and says where to load it. (The demo site joins here
 * once it exists.)
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
console.log(`
Extension built: ${resolve(root, '.output/chrome-mv3')}
Load it in Chromium or Chrome: open chrome://extensions, turn on Developer mode,
click "Load unpacked" and choose that folder.
`);
