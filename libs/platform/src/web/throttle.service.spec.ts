import { mailTargetKey } from './throttle.service';

describe('mailTargetKey', () => {
  it('is one key for an address whatever its case or surrounding spaces', () => {
    const key = mailTargetKey('victim@example.test');
    for (const variant of ['Victim@Example.TEST', '  victim@example.test\t', ' VICTIM@EXAMPLE.TEST '])
      expect(mailTargetKey(variant)).toBe(key);
  });

  it('tells different addresses apart and does not keep the address itself', () => {
    expect(mailTargetKey('victim@example.test')).not.toBe(mailTargetKey('victim2@example.test'));
    expect(mailTargetKey('victim@example.test')).not.toContain('victim');
  });
});
