import nodemailer, { Transporter } from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  /** Connects and greets the server without sending: cheap proof that sending can work now. */
  verify(): Promise<void>;
  /** Lets go of idle connections (the next send opens new ones), e.g. once the outbox is empty. */
  release?(): void;
  close(): void;
}

/**
 * SMTP through a nodemailer pool: up to `maxConnections` connections stay open and carry many mails
 * each, so a burst costs no handshake per mail. Short timeouts make a dead server fail fast (and be
 * retried later) instead of holding the pass.
 */
export function smtpTransport(url: string, maxConnections = 1): MailTransport {
  let current: Transporter | undefined;
  // Built from SMTPPool because createTransport(url, options) keeps only what the URL says.
  const pool = (): Transporter =>
    (current ??= nodemailer.createTransport(
      new SMTPPool({
        url,
        pool: true,
        maxConnections,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      }),
    ));
  // A closed nodemailer pool refuses mail for good, so releasing means starting a fresh one later.
  const release = () => {
    current?.close();
    current = undefined;
  };
  return {
    async send(mail) {
      const info = (await pool().sendMail(mail)) as { messageId: string };
      return { messageId: info.messageId };
    },
    async verify() {
      await pool().verify();
    },
    release,
    close: release,
  };
}
