import { LANGUAGE_CODES, loadResources } from '@app/platform';
import type { ReceiptState } from './receipt-state';

// The ledger's texts chosen at run time (a state's reason) or new with manual 5, in every language.
const resources = loadResources();
const text = (lng: string, key: string): unknown =>
  key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], resources[lng].coe);
const REFUSED: Exclude<ReceiptState, 'unregistered'>[] = ['registered', 'revoked', 'expired'];
const KEYS = [
  'ledger.pageSize',
  'ledger.perPage',
  'ledger.pageSizeHint',
  'receipt.question',
  'receipt.close',
  'receipt.done',
  ...REFUSED.map((s) => `receipt.cannot.${s}`),
];

describe('receipt ledger texts (manual 5)', () => {
  it.each(LANGUAGE_CODES)('%s has each, translated', (lng) => {
    for (const key of KEYS) {
      const mine = text(lng, key);
      expect({ key, ok: typeof mine === 'string' && mine.trim() !== '' }).toEqual({ key, ok: true });
      if (lng !== 'en') expect({ key, copy: mine === text('en', key) }).toEqual({ key, copy: false });
    }
    expect(String(text(lng, 'ledger.perPage'))).toContain('{{n}}');
  });

  it('says in Japanese what the manual says', () => {
    expect(text('ja', 'ledger.pageSize')).toBe('表示数変更');
    expect(text('ja', 'ledger.perPage')).toBe('{{n}}件ずつ表示');
    expect(text('ja', 'receipt.question')).toBe('以下の在留資格認定証明書について、受領登録します。よろしいですか？');
    expect(text('ja', 'receipt.close')).toBe('閉じる');
    expect(text('ja', 'ledger.register')).toBe('受領登録する');
    expect(text('ja', 'ledger.states.registered')).toBe('受領登録済');
    expect(text('ja', 'ledger.states.unregistered')).toBe('未登録');
  });
});
