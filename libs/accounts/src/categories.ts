/** 利用者区分 (SPEC §1), in the order the manual lists them. */
export const CATEGORIES = ['institution_staff', 'lawyer', 'foreign_national', 'legal_representative'] as const;
export type Category = (typeof CATEGORIES)[number];

export const QUALIFICATIONS = ['attorney', 'administrative_scrivener'] as const;
export type Qualification = (typeof QUALIFICATIONS)[number];

export const RELATIONSHIPS = ['parent', 'guardian', 'spouse', 'child', 'other_relative'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export const isCategory = (v: unknown): v is Category =>
  typeof v === 'string' && (CATEGORIES as readonly string[]).includes(v);

/**
 * The English names the manual's 利用者登録 screen shows in brackets after each category, verbatim; they
 * are the agency's own labels, the same in every language, so they live here and not in the locales.
 */
export const CATEGORY_ENGLISH_NAMES: Record<Category, string> = {
  institution_staff: 'Staff Member of the Organization',
  lawyer: 'Attorney/Administrative Procedures Legal Specialist',
  foreign_national: 'Foreign national (applicant)',
  legal_representative: 'Legal Representative',
};
