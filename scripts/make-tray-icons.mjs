// Writes the tray icons (resources/tray-<colour>.png at 16x16 and @2x at 32x32): a filled
// circle in the fleet's worst state, with a darker rim so it reads on light and dark bars.
// Pure Node (scripts/png.mjs) so regenerating them needs no image tooling.
// Usage: node scripts/make-tray-icons.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng } from './png.mjs';

const resources = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources');

/** Fill and rim colours (RGB) per state. */
const colours = {
  green: { fill: [34, 197, 94], rim: [21, 128, 61] },
  amber: { fill: [245, 158, 11], rim: [180, 83, 9] },
  red: { fill: [239, 68, 68], rim: [185, 28, 28] },
};

/** One RGBA pixel of the circle; 4x4 samples per pixel smooth the edge. */
function pixel(x, y, size, { fill, rim }) {
  const centre = size / 2;
  const outer = size / 2 - size / 16;
  const inner = outer - size / 10;
  const samples = 4;
  let covered = 0;
  let rimmed = 0;
  for (let sy = 0; sy < samples; sy += 1) {
    for (let sx = 0; sx < samples; sx += 1) {
      const distance = Math.hypot(x + (sx + 0.5) / samples - centre, y + (sy + 0.5) / samples - centre);
      if (distance <= outer) covered += 1;
      if (distance <= outer && distance > inner) rimmed += 1;
    }
  }
  if (covered === 0) return [0, 0, 0, 0];
  const share = rimmed / covered;
  const mix = (channel) => Math.round(fill[channel] * (1 - share) + rim[channel] * share);
  return [mix(0), mix(1), mix(2), Math.round((255 * covered) / (samples * samples))];
}

function png(size, colour) {
  return encodePng(size, (x, y) => pixel(x, y, size, colour));
}

for (const [name, colour] of Object.entries(colours)) {
  writeFileSync(join(resources, `tray-${name}.png`), png(16, colour));
  // Electron picks the @2x file beside the named one on high-density screens.
  writeFileSync(join(resources, `tray-${name}@2x.png`), png(32, colour));
}
console.log(`tray icons written to ${resources}`);
