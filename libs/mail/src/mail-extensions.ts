import { Injectable } from '@nestjs/common';

/** A reference to an attachment, made into bytes only when the mail is sent (rows stay small). */
export interface AttachmentRef {
  kind: string;
  id: string;
}

export interface ResolvedAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface SentMail {
  id: string;
  template: string;
  /** The topic the sending feature gave the mail (MailRequest.topic), if any. */
  topic: string | null;
  sentAt: Date;
}

/**
 * What features add to mail delivery: attachment resolvers by kind (a document made at send time),
 * checks just before sending, and hooks run after a mail was accepted by the SMTP server. Each feature
 * registers its own, so this library knows none of them.
 */
@Injectable()
export class MailExtensions {
  private readonly resolvers = new Map<string, (id: string) => Promise<ResolvedAttachment>>();
  private readonly sentHooks: ((mail: SentMail) => Promise<void>)[] = [];
  private readonly sendChecks: ((mail: Omit<SentMail, 'sentAt'>) => Promise<boolean>)[] = [];

  /** A check just before sending; a mail any check refuses is cancelled instead (e.g. a reminder no longer needed). */
  beforeSend(check: (mail: Omit<SentMail, 'sentAt'>) => Promise<boolean>): void {
    this.sendChecks.push(check);
  }

  async stillWanted(mail: Omit<SentMail, 'sentAt'>): Promise<boolean> {
    for (const check of this.sendChecks) if (!(await check(mail))) return false;
    return true;
  }

  registerAttachment(kind: string, resolve: (id: string) => Promise<ResolvedAttachment>): void {
    this.resolvers.set(kind, resolve);
  }

  onSent(hook: (mail: SentMail) => Promise<void>): void {
    this.sentHooks.push(hook);
  }

  async resolve(refs: AttachmentRef[]): Promise<ResolvedAttachment[]> {
    return Promise.all(
      refs.map((ref) => {
        const resolve = this.resolvers.get(ref.kind);
        if (!resolve) throw new Error(`no attachment resolver for ${ref.kind}`);
        return resolve(ref.id);
      }),
    );
  }

  async sent(mail: SentMail): Promise<void> {
    for (const hook of this.sentHooks) await hook(mail);
  }
}
