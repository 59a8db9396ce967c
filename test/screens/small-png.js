// Loaded by Node itself, not by Jest (see test/support/node-environment.js): its loop over every pixel
// would run many times slower inside the test's vm context.
'use strict';
const { Buffer } = require('node:buffer');
const { crc32, deflateSync } = require('node:zlib');
const { PNG } = require('pngjs');

// 16 levels a channel: anti-aliased text keeps its shape and a page has a couple of hundred colours, so
// it fits an 8-bit palette — a third of Chromium's RGBA file or less.
const level = (v) => Math.round(v / 17) * 17;

function chunk(type, body) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/** The screenshot `png` (Chromium's RGBA PNG) as a small one: a palette PNG, else RGB at 16 levels. */
function smallPng(png) {
  const { width, height, data } = PNG.sync.read(png);
  const index = new Map();
  const palette = [];
  const rows = Buffer.alloc((width + 1) * height); // each row: filter byte 0 (none), then indexes
  for (let y = 0, o = 0; y < height; y++) {
    rows[o++] = 0;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const rgb = (level(data[i]) << 16) | (level(data[i + 1]) << 8) | level(data[i + 2]);
      let k = index.get(rgb);
      if (k === undefined) {
        if (palette.length === 256) return rgbPng(width, height, data);
        k = palette.length;
        index.set(rgb, k);
        palette.push(rgb);
      }
      rows[o++] = k;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 3, 0, 0, 0], 8); // 8 bits, palette, deflate, adaptive filtering, no interlace
  const plte = Buffer.alloc(palette.length * 3);
  palette.forEach((c, k) => plte.set([c >> 16, (c >> 8) & 255, c & 255], k * 3));
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('PLTE', plte),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function rgbPng(width, height, data) {
  const out = new PNG({ width, height });
  for (let i = 0; i < data.length; i++) out.data[i] = (i & 3) === 3 ? 255 : level(data[i]);
  return PNG.sync.write(out, { deflateLevel: 9, colorType: 2, inputHasAlpha: true });
}

module.exports = { smallPng };
