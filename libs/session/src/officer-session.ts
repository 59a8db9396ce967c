/** What the office session holds for a logged-in officer. */
export interface OfficerSession {
  officerId: string;
  loginId: string;
  name: string;
  /** Epoch ms of the last page activity, by the injected clock. */
  lastActivityAt: number;
  /** The login before this one (ISO), if any. */
  previousLoginAt: string | null;
  /** The officer's credentials version when this login was made; any other value in the table ends it. */
  credentialsVersion: number;
}

/** Where a login stands between the password and the TOTP code. */
export interface PendingOfficerLogin {
  officerId: string;
  loginId: string;
  /** Epoch ms (clock) when the last step was passed; the next one must follow within 10 minutes. */
  since: number;
  /** Local path to go to once logged in. */
  returnTo?: string;
  /** The secret being enrolled, sealed (SecretCipher), kept here until the officer confirms a code from it. */
  totpSecret?: string;
}

declare module 'express-session' {
  interface SessionData {
    officer?: OfficerSession;
    officerPending?: PendingOfficerLogin;
    /** Why the login page is shown again: the idle limit or the 10-minute limit of a half-way login. */
    officerNotice?: 'expired' | 'pendingExpired';
  }
}
