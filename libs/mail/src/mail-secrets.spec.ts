import { fillSecrets, secretSlot, secretSlots } from './mail-secrets';

describe('mail secrets', () => {
  const url = 'https://portal.example/reset-password?token=abc_DEF-123';

  it('gives each secret a slot in the template data', () => {
    expect(secretSlots({ url, resetUrl: url })).toEqual({ url: '[[secret:url]]', resetUrl: '[[secret:resetUrl]]' });
  });

  it('refuses names that could not be found again in the text', () => {
    expect(() => secretSlots({ 'u]]rl': url })).toThrow(/bad mail secret name/);
    expect(() => secretSlots({ URL: url })).toThrow(/bad mail secret name/);
  });

  it('fills every slot, escaped in HTML as Handlebars escapes a value, as it is in text', () => {
    const slot = secretSlot('url');
    expect(fillSecrets(`<a href="${slot}">${slot}</a>`, { url }, 'html')).toBe(
      '<a href="https://portal.example/reset-password?token&#x3D;abc_DEF-123">' +
        'https://portal.example/reset-password?token&#x3D;abc_DEF-123</a>',
    );
    expect(fillSecrets(`${slot}\n${slot}`, { url }, 'text')).toBe(`${url}\n${url}`);
  });

  it('leaves text alone that only looks like a slot of another name, and text of a mail without secrets', () => {
    expect(fillSecrets('[[secret:other]] [[secret:url]]', { url: 'x' }, 'text')).toBe('[[secret:other]] x');
    expect(fillSecrets('[[secret:url]]', null, 'text')).toBe('[[secret:url]]');
  });
});
