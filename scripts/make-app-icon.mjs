// Writes the application icon (resources/icon.png, 1024x1024): a paper plane on a rounded
// blue square. 1024 px because macOS's .icns needs at least 512; electron-builder scales it
// down for Windows' .ico and Linux. Usage: node scripts/make-app-icon.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng } from './png.mjs';

const SIZE = 1024;
const SAMPLES = 4; // 4x4 samples per pixel smooth the edges
const RADIUS = 0.156; // of the side
const TOP = [30, 120, 220];
const BOTTOM = [50, 160, 220];
const PLANE = [245, 248, 255];
const PLANE_CORNERS = [
  [0.234, 0.5],
  [0.781, 0.25],
  [0.586, 0.781],
];

function insideRoundedSquare(u, v) {
  const dx = Math.max(RADIUS - u, 0, u - (1 - RADIUS));
  const dy = Math.max(RADIUS - v, 0, v - (1 - RADIUS));
  return dx * dx + dy * dy <= RADIUS * RADIUS;
}

function insidePlane(u, v) {
  const signs = PLANE_CORNERS.map(([ax, ay], i) => {
    const [bx, by] = PLANE_CORNERS[(i + 1) % 3];
    return Math.sign((bx - ax) * (v - ay) - (by - ay) * (u - ax));
  });
  return signs.every((sign) => sign >= 0) || signs.every((sign) => sign <= 0);
}

function pixel(x, y) {
  let covered = 0;
  let plane = 0;
  for (let sy = 0; sy < SAMPLES; sy += 1) {
    for (let sx = 0; sx < SAMPLES; sx += 1) {
      const u = (x + (sx + 0.5) / SAMPLES) / SIZE;
      const v = (y + (sy + 0.5) / SAMPLES) / SIZE;
      if (!insideRoundedSquare(u, v)) continue;
      covered += 1;
      if (insidePlane(u, v)) plane += 1;
    }
  }
  if (covered === 0) return [0, 0, 0, 0];
  const t = y / (SIZE - 1);
  const share = plane / covered;
  const colour = TOP.map((top, channel) => {
    const background = top + (BOTTOM[channel] - top) * t;
    return Math.round(background * (1 - share) + PLANE[channel] * share);
  });
  return [...colour, Math.round((255 * covered) / (SAMPLES * SAMPLES))];
}

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'icon.png');
writeFileSync(target, encodePng(SIZE, pixel));
console.log(`application icon written to ${target}`);
