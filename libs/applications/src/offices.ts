/**
 * 地方出入国在留管理局: the eight regional bureaus an application is examined at (管轄). The e-COE
 * issuance had no list (its office is free text), so this is the list both use: an approved COE
 * application's certificate names the bureau by `certificateName`, as the office form's certificates do.
 * Page labels are `applications:office.<code>` in the locales.
 */
export const OFFICES = [
  { code: 'sapporo', certificateName: 'Sapporo Regional Immigration Services Bureau' },
  { code: 'sendai', certificateName: 'Sendai Regional Immigration Services Bureau' },
  { code: 'tokyo', certificateName: 'Tokyo Regional Immigration Services Bureau' },
  { code: 'nagoya', certificateName: 'Nagoya Regional Immigration Services Bureau' },
  { code: 'osaka', certificateName: 'Osaka Regional Immigration Services Bureau' },
  { code: 'hiroshima', certificateName: 'Hiroshima Regional Immigration Services Bureau' },
  { code: 'takamatsu', certificateName: 'Takamatsu Regional Immigration Services Bureau' },
  { code: 'fukuoka', certificateName: 'Fukuoka Regional Immigration Services Bureau' },
] as const;

export type OfficeCode = (typeof OFFICES)[number]['code'];
export const OFFICE_CODES = OFFICES.map((o) => o.code) as [OfficeCode, ...OfficeCode[]];
export const isOfficeCode = (s: unknown): s is OfficeCode => OFFICE_CODES.includes(s as OfficeCode);
export const officeCertificateName = (code: OfficeCode): string =>
  OFFICES.find((o) => o.code === code)!.certificateName;
