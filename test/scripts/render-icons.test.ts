/**
 * The icons: the committed PNGs are exactly what `npm run icons` renders from the SVG sources
 * (so nobody edits one and forgets the other), at the sizes their names say. The built
 * manifests declaring them is checked with the store packages (test/e2e/store-packages.e2e.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ICON_SIZES, ICON_VARIANTS, iconPath, renderIcon } from '../../scripts/render-icons';
import { pngSize } from '../support/png-size';

describe('the extension icons', () => {
  for (const variant of Object.keys(ICON_VARIANTS) as Array<keyof typeof ICON_VARIANTS>) {
    for (const size of ICON_SIZES) {
      it(`${variant} at ${size} px is the current render of its SVG`, () => {
        const committed = readFileSync(iconPath(variant, size));
        expect(pngSize(committed)).toBe(`${size}x${size}`);
        expect(committed.equals(renderIcon(variant, size)), 'stale PNG: run `npm run icons`').toBe(true);
      });
    }
  }

  it('the unlocked and locked icons differ (the toolbar shows which)', () => {
    expect(renderIcon('icon', 32).equals(renderIcon('icon-locked', 32))).toBe(false);
  });
});
