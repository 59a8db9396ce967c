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

/** What the hooks see of a claimed mail. */
export interface MailHead {
  id: string;
  template: string;
  /** The topic the sending feature gave the mail (MailRequest.topic), if any. */
  topic: string | null;
}

export interface SentMail extends MailHead {
  sentAt: Date;
}

/** A claimed mail as a batch loader sees it: its head and what it will attach. */
export interface MailInBatch extends MailHead {
  attachments: readonly AttachmentRef[];
}

/**
 * What a feature read once for a whole claimed batch. Each answer is optional: a mail it says nothing
 * about is wanted, and an attachment it has no bytes for is made by the kind's resolver.
 */
export interface BatchLookup {
  wanted?(mail: MailHead): boolean;
  attachment?(ref: AttachmentRef): ResolvedAttachment | undefined;
}

/** The answers for one claimed batch: the batch loaders' first, then the per-mail checks and resolvers. */
export class PreparedBatch {
  constructor(
    private readonly extensions: MailExtensions,
    private readonly lookups: readonly BatchLookup[],
  ) {}

  async stillWanted(mail: MailHead): Promise<boolean> {
    if (this.lookups.some((l) => l.wanted && !l.wanted(mail))) return false;
    return this.extensions.stillWanted(mail);
  }

  resolve(refs: readonly AttachmentRef[]): Promise<ResolvedAttachment[]> {
    return Promise.all(
      refs.map((ref) => {
        for (const l of this.lookups) {
          const found = l.attachment?.(ref);
          if (found) return Promise.resolve(found);
        }
        return this.extensions.resolveOne(ref);
      }),
    );
  }
}

/**
 * What features add to mail delivery: attachment resolvers by kind (a document made at send time),
 * checks just before sending, loaders that answer those for a whole claimed batch in one query, and
 * hooks run after a mail was accepted by the SMTP server. Each feature registers its own, so this
 * library knows none of them.
 */
@Injectable()
export class MailExtensions {
  private readonly resolvers = new Map<string, (id: string) => Promise<ResolvedAttachment>>();
  private readonly sentHooks: ((mail: SentMail) => Promise<void>)[] = [];
  private readonly sendChecks: ((mail: MailHead) => Promise<boolean>)[] = [];
  private readonly batchLoaders: ((mails: readonly MailInBatch[]) => Promise<BatchLookup>)[] = [];

  /** A check just before sending; a mail any check refuses is cancelled instead (e.g. a reminder no longer needed). */
  beforeSend(check: (mail: MailHead) => Promise<boolean>): void {
    this.sendChecks.push(check);
  }

  async stillWanted(mail: MailHead): Promise<boolean> {
    for (const check of this.sendChecks) if (!(await check(mail))) return false;
    return true;
  }

  /**
   * Reads, once per claimed batch before any of it is sent, what the checks and attachments of its mails
   * need (e.g. one query for every mail's state and stored document instead of two per mail).
   */
  onBatch(load: (mails: readonly MailInBatch[]) => Promise<BatchLookup>): void {
    this.batchLoaders.push(load);
  }

  /** Runs the batch loaders; throws what they throw (the dispatcher then treats every mail of the batch alike). */
  async prepare(mails: readonly MailInBatch[]): Promise<PreparedBatch> {
    return new PreparedBatch(this, await Promise.all(this.batchLoaders.map((load) => load(mails))));
  }

  registerAttachment(kind: string, resolve: (id: string) => Promise<ResolvedAttachment>): void {
    this.resolvers.set(kind, resolve);
  }

  onSent(hook: (mail: SentMail) => Promise<void>): void {
    this.sentHooks.push(hook);
  }

  async resolveOne(ref: AttachmentRef): Promise<ResolvedAttachment> {
    const resolve = this.resolvers.get(ref.kind);
    if (!resolve) throw new Error(`no attachment resolver for ${ref.kind}`);
    return resolve(ref.id);
  }

  async sent(mail: SentMail): Promise<void> {
    for (const hook of this.sentHooks) await hook(mail);
  }
}
