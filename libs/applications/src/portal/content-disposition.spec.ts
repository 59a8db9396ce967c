import { contentDisposition } from './content-disposition';

describe('contentDisposition', () => {
  it.each([
    ['passport.pdf', 'pdf', `attachment; filename="passport.pdf"; filename*=UTF-8''passport.pdf`],
    [
      '在職証明書.pdf',
      'pdf',
      `attachment; filename="_____.pdf"; filename*=UTF-8''%E5%9C%A8%E8%81%B7%E8%A8%BC%E6%98%8E%E6%9B%B8.pdf`,
    ],
    ['photo', 'jpeg', `attachment; filename="photo.jpg"; filename*=UTF-8''photo.jpg`],
    ["a;b'(c).PDF", 'pdf', `attachment; filename="a_b'(c).PDF"; filename*=UTF-8''a%3Bb%27%28c%29.PDF`],
    ['report.exe', 'pdf', `attachment; filename="report.exe.pdf"; filename*=UTF-8''report.exe.pdf`],
  ] as const)('%s (%s)', (name, kind, header) => expect(contentDisposition(name, kind)).toBe(header));
});
