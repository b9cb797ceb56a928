// Writes the tray icons (resources/tray-<colour>.png at 16x16 and @2x at 32x32): a filled
// circle in the fleet's worst state, with a darker rim so it reads on light and dark bars.
// Pure Node (zlib + hand-made PNG chunks) so regenerating them needs no image tooling.
// Usage: node scripts/make-tray-icons.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const resources = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources');

/** Fill and rim colours (RGB) per state. */
const colours = {
  green: { fill: [34, 197, 94], rim: [21, 128, 61] },
  amber: { fill: [245, 158, 11], rim: [180, 83, 9] },
  red: { fill: [239, 68, 68], rim: [185, 28, 28] },
};

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

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
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  const rows = [];
  for (let y = 0; y < size; y += 1) {
    const row = [0]; // filter: none
    for (let x = 0; x < size; x += 1) row.push(...pixel(x, y, size, colour));
    rows.push(Buffer.from(row));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const [name, colour] of Object.entries(colours)) {
  writeFileSync(join(resources, `tray-${name}.png`), png(16, colour));
  // Electron picks the @2x file beside the named one on high-density screens.
  writeFileSync(join(resources, `tray-${name}@2x.png`), png(32, colour));
}
console.log(`tray icons written to ${resources}`);
