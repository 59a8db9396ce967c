/** What the session holds for a logged-in user. */
export interface AuthSession {
  userId: string;
  loginId: string;
  displayName: string;
  /** Epoch ms of the last page activity, by the injected clock. */
  lastActivityAt: number;
  /** The language the user's e-mails are written in (the profile's copy, kept in step with the page). */
  lng: string;
  /** 前回ログイン日時: the login before this one (ISO), if any. */
  previousLoginAt: string | null;
  /** The account's credentials version when this login was made; any other value in the table ends it. */
  credentialsVersion: number;
}

declare module 'express-session' {
  interface SessionData {
    auth?: AuthSession;
    /** Set when the server ended the session for inactivity, to explain it on the login page. */
    expiredNotice?: boolean;
  }
}
