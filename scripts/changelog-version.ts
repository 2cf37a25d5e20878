/**
 * The release version comes from CHANGELOG.md (Keep a Changelog): the first `## [X.Y.Z]`
 * heading, the newest release; `## [Unreleased]` is skipped. wxt.config.ts puts it into both
 * browsers' manifests, so the store packages and the options page say what the changelog says.
 */

/** CHANGELOG.md names no released version. */
export class ChangelogVersionError extends Error {
  readonly code = 'no_release_in_changelog';
  override name = 'ChangelogVersionError';
}

const RELEASE = /^## \[(\d+\.\d+\.\d+)\]/m;

/** The newest released version in a Keep a Changelog file. @throws ChangelogVersionError */
export function releasedVersion(changelog: string): string {
  const found = RELEASE.exec(changelog);
  if (!found) {
    throw new ChangelogVersionError('CHANGELOG.md has no released version: add a heading like "## [0.2.0] - 2026-12-03" under "## [Unreleased]".');
  }
  return found[1]!;
}
