import type { Category } from '@app/accounts';

const ADDRESS_CATEGORIES: readonly Category[] = ['foreign_national', 'legal_representative', 'lawyer'];

/**
 * Who may change postal code and address (SPEC §4, from the manual): users approved by an officer for
 * online applications (利用申出) in the categories foreign national, legal representative and lawyer.
 */
export function canChangeAddress(user: { approvedAt: Date | null; category: Category }): boolean {
  return user.approvedAt !== null && ADDRESS_CATEGORIES.includes(user.category);
}
