// Needs the devDependencies jsqr and pngjs (with @types/pngjs): a QR code that looks right but encodes
// the wrong text would only be noticed by a recipient with a phone, so the test reads it back.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { qrPng } from './coe-pdf';

function decode(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

describe('qrPng', () => {
  it('encodes the verification URL', async () => {
    const url = 'http://localhost:3000/verify/COE-2026-4F7K9Q2M?c=q8Zt1vR0xY3kP7mN2bW5';
    expect(decode(await qrPng(url))).toBe(url);
  });

  it('encodes a long URL with characters outside the alphanumeric set', async () => {
    const url = 'https://residence-online.example.go.jp/verify/COE-2026-4F7K9Q2M?code=q8Zt1vR0xY3kP7mN2bW5&lng=zh-Hant';
    expect(decode(await qrPng(url))).toBe(url);
  });
});
