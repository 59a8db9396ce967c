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
  close(): void;
}

/**
 * SMTP through a nodemailer pool: up to `maxConnections` connections stay open and carry many mails
 * each, so a batch costs no handshake per mail. Short timeouts make a dead server fail fast (and be
 * retried later) instead of holding the pass.
 */
export function smtpTransport(url: string, maxConnections = 1): MailTransport {
  // The pool is built here because createTransport(url-with-options) keeps only what the URL says.
  const pool = new SMTPPool({
    url,
    pool: true,
    maxConnections,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  const transporter: Transporter = nodemailer.createTransport(pool);
  return {
    async send(mail) {
      const info = (await transporter.sendMail(mail)) as { messageId: string };
      return { messageId: info.messageId };
    },
    async verify() {
      await transporter.verify();
    },
    close: () => transporter.close(),
  };
}
