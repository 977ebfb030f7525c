const zlib = require('node:zlib');

/** Tasklane's icon drawn in code, so no binary is committed: a rounded tile with a check mark. */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes RGBA pixels (Uint8Array, size*size*4) as a PNG. */
function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function distanceToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * `maskable`: the tile fills the whole square and the mark stays inside the
 * 80% safe zone; otherwise a rounded tile on a transparent background.
 * `glyph`: the app's check mark, or a plus (the "New task" shortcut).
 */
function drawIcon(size, { maskable = false, glyph = 'check', background = [37, 99, 235], mark = [255, 255, 255] } = {}) {
  const rgba = new Uint8Array(size * size * 4);
  const radius = maskable ? 0 : size * 0.2;
  const scale = maskable ? 0.6 : 0.8;
  const stroke = size * 0.09 * scale;
  const c = size / 2;
  const at = (dx, dy) => [c + size * dx * scale, c + size * dy * scale];
  const segments =
    glyph === 'plus'
      ? [
          [at(-0.25, 0), at(0.25, 0)],
          [at(0, -0.25), at(0, 0.25)],
        ]
      : [
          [at(-0.26, 0), at(-0.08, 0.2)],
          [at(-0.08, 0.2), at(0.28, -0.2)],
        ];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      // rounded-rectangle coverage
      const qx = Math.max(Math.abs(px - c) - (c - radius), 0);
      const qy = Math.max(Math.abs(py - c) - (c - radius), 0);
      const inside = radius === 0 ? 1 : Math.max(0, Math.min(1, radius - Math.hypot(qx, qy) + 0.5));
      const d = Math.min(...segments.map(([a, b]) => distanceToSegment(px, py, ...a, ...b)));
      const onMark = Math.max(0, Math.min(1, stroke / 2 - d + 0.5));
      const i = (y * size + x) * 4;
      for (let k = 0; k < 3; k++) rgba[i + k] = Math.round(background[k] * (1 - onMark) + mark[k] * onMark);
      rgba[i + 3] = Math.round(255 * inside);
    }
  }
  return encodePng(size, rgba);
}

module.exports = { drawIcon, encodePng };
