import { LANGUAGE_CODES } from '@app/platform';
import { procedureName } from '@app/procedures';
import { documentItemName, OTHER_ITEM } from './checklist';

const STATUS = 'engineer_specialist_in_humanities_international_services';

describe('checklist names for the pages (the portal and the office share them)', () => {
  it('names a checklist item in each language from the procedure data', () => {
    expect(documentItemName('extension', STATUS, 'photo', 'ja')).toBe('顔写真');
    expect(documentItemName('coe', STATUS, 'photo', 'en')).toBe('Face photo');
    for (const lng of LANGUAGE_CODES) {
      const name = documentItemName('change', STATUS, 'photo', lng);
      expect(name).toBeTruthy();
      expect(name).not.toBe('photo');
    }
  });

  it('has no name for `other`, an id the checklist does not have, or an unknown procedure', () => {
    expect(documentItemName('extension', STATUS, OTHER_ITEM, 'ja')).toBeUndefined();
    expect(documentItemName('extension', STATUS, 'passport_copy', 'ja')).toBeUndefined();
    expect(documentItemName('no-such-procedure', STATUS, 'photo', 'ja')).toBeUndefined();
    // 就労資格証明書 has no known checklist (the agency's page only).
    expect(documentItemName('work-certificate', STATUS, 'photo', 'ja')).toBeUndefined();
  });

  it('names a procedure, or shows a code the data no longer has as itself', () => {
    expect(procedureName('extension', 'ja')).toBe('在留期間更新許可申請');
    expect(procedureName('gone', 'en')).toBe('gone');
  });
});
