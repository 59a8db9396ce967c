import type { Category, Qualification, Relationship } from '../categories';

/** The registration in progress, kept in the server session between the pages of the flow. */
export interface RegistrationState {
  step: 'agreed' | 'mailed' | 'verified' | 'confirming' | 'done';
  mailedTo?: string;
  tokenId?: string;
  email?: string;
  /** The 利用者ID to be issued: shown on the confirmation page, so chosen before it. */
  loginId?: string;
  details?: {
    category: Category;
    nameEn: string;
    phone: string;
    organizationName?: string;
    qualification?: Qualification;
    associationName?: string;
    registrationNumber?: string;
    relationship?: Relationship;
    /** Hashed as soon as it is accepted: the plain password is never stored, not even in the session. */
    passwordHash: string;
  };
}

declare module 'express-session' {
  interface SessionData {
    registration?: RegistrationState;
  }
}
