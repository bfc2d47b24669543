// The app's icons as PNG, drawn here at build time (no binary files in the repository, no image tools needed): the
// page's logo, a white "P" on the accent gradient. `any` icons are a rounded square on transparency; the `maskable`
// one fills the whole square and keeps the letter inside the central safe zone, since the phone cuts its own shape.
import { deflateSync } from 'node:zlib';

const FROM = [0x6a, 0x73, 0xff];
const TO = [0x3a, 0x44, 0xb8];
const SAMPLES = 4; // per axis: 16 samples a pixel smooth the edges

/** A PNG of `size` × `size` pixels; `maskable`: full bleed with the letter in the safe zone. */
export function iconPng(size, { maskable = false } = {}) {
  const rgba = Buffer.alloc(size * size * 4);
  const glyphScale = maskable ? 0.72 : 1; // the safe zone is the central circle of 80 % of the size
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let cover = 0;
      let ink = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES) / size;
          const y = (py + (sy + 0.5) / SAMPLES) / size;
          if (!maskable && !insideRoundedSquare(x, y, 0.22)) continue;
          cover++;
          if (insideP(0.5 + (x - 0.5) / glyphScale, 0.5 + (y - 0.5) / glyphScale)) ink++;
        }
      }
      const n = SAMPLES * SAMPLES;
      const t = (px + py) / (2 * size); // the gradient runs from the top left to the bottom right
      const at = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) {
        const bg = FROM[c] + (TO[c] - FROM[c]) * t;
        rgba[at + c] = cover === 0 ? 0 : Math.round(bg + (255 - bg) * (ink / cover));
      }
      rgba[at + 3] = Math.round((255 * cover) / n);
    }
  }
  return encodePng(size, size, rgba);
}

function insideRoundedSquare(x, y, r) {
  const dx = Math.max(r - x, 0, x - (1 - r));
  const dy = Math.max(r - y, 0, y - (1 - r));
  return dx * dx + dy * dy <= r * r;
}

/** The letter: a stem and a bowl (a half ring joined to the stem by two bars), in a unit square. */
function insideP(x, y) {
  const stem = [0.31, 0.45];
  const top = 0.2;
  const bottom = 0.8;
  const c = { x: 0.52, y: 0.4 };
  const outer = 0.2;
  const inner = 0.075;
  if (x >= stem[0] && x <= stem[1] && y >= top && y <= bottom) return true;
  const d = Math.hypot(x - c.x, y - c.y);
  if (x >= c.x) return d >= inner && d <= outer;
  if (x < stem[1] || x > c.x) return false;
  return (y >= c.y - outer && y <= c.y - inner) || (y >= c.y + inner && y <= c.y + outer);
}

function encodePng(width, height, rgba) {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter method choice, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
