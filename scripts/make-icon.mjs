#!/usr/bin/env node
// Draws the app icon (build/icon.png, 512×512, what electron-builder turns into .icns/.ico)
// with no dependencies: a few shapes, 4×4 supersampling, and a hand-written PNG encoder.
// Run it again after changing the drawing: `node scripts/make-icon.mjs`.
/* global process, console, Buffer */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const SAMPLES = 4;
const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'build', 'icon.png');

const TOP_LEFT = [79, 124, 255];
const BOTTOM_RIGHT = [123, 77, 255];
const WHITE = [255, 255, 255];

const tile = { inset: 28, radius: 104 };
const request = [150, 256];
const branches = [
  [362, 158],
  [362, 354],
];
const STROKE = 30;
const NODE_RADIUS = 46;
const HOLE_RADIUS = 20;

function insideTile(x, y) {
  const lo = tile.inset;
  const hi = SIZE - tile.inset;
  const r = tile.radius;
  const cx = Math.min(Math.max(x, lo + r), hi - r);
  const cy = Math.min(Math.max(y, lo + r), hi - r);
  return x >= lo && x <= hi && y >= lo && y <= hi && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function nearSegment(x, y, [ax, ay], [bx, by], halfWidth) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= halfWidth * halfWidth;
}

const within = (x, y, [cx, cy], radius) => (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius;

/** The colour at a point, or null outside the tile. */
function colourAt(x, y) {
  if (!insideTile(x, y)) return null;
  const t = (x + y) / (2 * SIZE);
  const background = TOP_LEFT.map((channel, i) => channel + (BOTTOM_RIGHT[i] - channel) * t);
  // The Request node is a ring; the branches it leads to are solid.
  if (within(x, y, request, HOLE_RADIUS)) return background;
  if (within(x, y, request, NODE_RADIUS)) return WHITE;
  if (branches.some((node) => within(x, y, node, NODE_RADIUS))) return WHITE;
  const elbow = [256, 256];
  if (nearSegment(x, y, request, elbow, STROKE / 2)) return WHITE;
  if (branches.some((node) => nearSegment(x, y, elbow, [256, node[1]], STROKE / 2) || nearSegment(x, y, [256, node[1]], node, STROKE / 2))) return WHITE;
  if (branches.some((node) => within(x, y, [256, node[1]], STROKE / 2))) return WHITE;
  return background;
}

function render() {
  const rows = Buffer.alloc(SIZE * (1 + SIZE * 4));
  for (let y = 0; y < SIZE; y++) {
    const row = y * (1 + SIZE * 4);
    rows[row] = 0; // filter: none
    for (let x = 0; x < SIZE; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const colour = colourAt(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          covered++;
        }
      }
      const at = row + 1 + x * 4;
      if (covered) {
        rows[at] = Math.round(r / covered);
        rows[at + 1] = Math.round(g / covered);
        rows[at + 2] = Math.round(b / covered);
      }
      rows[at + 3] = Math.round((255 * covered) / (SAMPLES * SAMPLES));
    }
  }
  return rows;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(rows) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(path.dirname(OUT), { recursive: true });
writeFileSync(OUT, png(render()));
console.log(`Wrote ${path.relative(process.cwd(), OUT)} (${SIZE}×${SIZE})`);
