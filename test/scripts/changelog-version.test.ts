/** The release version read from CHANGELOG.md, and the version the built extension carries. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChangelogVersionError, releasedVersion } from '../../scripts/changelog-version';

describe('releasedVersion', () => {
  it('takes the newest release, skipping Unreleased', () => {
    const text = '# Changelog\n\n## [Unreleased]\n\n- next\n\n## [1.4.0] - 2026-12-24\n\n## [1.3.2] - 2026-11-01\n';
    expect(releasedVersion(text)).toBe('1.4.0');
  });

  it('refuses a changelog with no release, saying what to add', () => {
    expect(() => releasedVersion('# Changelog\n\n## [Unreleased]\n')).toThrow(ChangelogVersionError);
    expect(() => releasedVersion('## [1.0] - 2026-01-01')).toThrow(/add a heading like "## \[0.2.0\]/);
  });

  it('the repository\'s CHANGELOG.md names the version of the root package and of @phone-free/authenticator (which packs the extension)', () => {
    const root = resolve(import.meta.dirname, '../..');
    const version = releasedVersion(readFileSync(resolve(root, 'CHANGELOG.md'), 'utf8'));
    const versionOf = (path: string) => (JSON.parse(readFileSync(resolve(root, path), 'utf8')) as { version: string }).version;
    expect({ root: versionOf('package.json'), authenticator: versionOf('packages/authenticator/package.json') }).toEqual({ root: version, authenticator: version });
  });
});
