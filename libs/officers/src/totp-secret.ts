/**
 * The contexts TOTP secrets are sealed with (SecretCipher): a sealed value opens only where it was put.
 * The column's text is also in migration 1766152800000-SealTotpSecrets, which sealed the values written
 * before it; change neither alone.
 */
export const totpSecretContext = (officerId: string): string => `officer.totp_secret:${officerId}`;

/** The secret being enrolled, held in the half-way login's session (which PostgreSQL stores). */
export const pendingTotpSecretContext = (officerId: string): string =>
  `session.officer_pending.totp_secret:${officerId}`;
