/**
 * Renders the extension's icons from their SVG sources (extension/assets/icons) into the PNG
 * sizes the browsers and stores ask for (extension/public/icons). `npm run icons` after an
 * SVG changes; test/scripts/render-icons.test.ts fails while the committed PNGs are stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const ROOT = resolve(import.meta.dirname, '..');
export const ICON_SIZES = [16, 32, 48, 96, 128] as const;
/** Source name -> output prefix: `icon.svg` -> `icons/16.png`, `icon-locked.svg` -> `icons/locked-16.png`. */
export const ICON_VARIANTS = { icon: '', 'icon-locked': 'locked-' } as const;

/** The PNG for one variant at one size. */
export function renderIcon(variant: keyof typeof ICON_VARIANTS, size: number): Buffer {
  const svg = readFileSync(resolve(ROOT, `extension/assets/icons/${variant}.svg`), 'utf8');
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng());
}

/** Where a variant's PNG of `size` is committed. */
export function iconPath(variant: keyof typeof ICON_VARIANTS, size: number): string {
  return resolve(ROOT, `extension/public/icons/${ICON_VARIANTS[variant]}${size}.png`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const variant of Object.keys(ICON_VARIANTS) as Array<keyof typeof ICON_VARIANTS>) {
    for (const size of ICON_SIZES) writeFileSync(iconPath(variant, size), renderIcon(variant, size));
  }
  console.log('icons: wrote extension/public/icons/{,locked-}{16,32,48,96,128}.png');
}
