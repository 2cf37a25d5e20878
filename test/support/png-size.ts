/** The size of a PNG, read from its IHDR chunk: `"WIDTHxHEIGHT"`. Throws on anything but a PNG. */
export function pngSize(png: Buffer): string {
  if (png.subarray(1, 4).toString('ascii') !== 'PNG') throw new Error('Not a PNG file');
  return `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;
}
