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
  let current: { transporter: Transporter; busy: number; retired: boolean } | undefined;
  // Built from SMTPPool because createTransport(url, options) keeps only what the URL says.
  const open = () =>
    (current ??= {
      transporter: nodemailer.createTransport(
        new SMTPPool({
          url,
          pool: true,
          maxConnections,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 30_000,
        }),
      ),
      busy: 0,
      retired: false,
    });
  // A closed nodemailer pool drops what is handed to it without ever answering (and fails what it has
  // queued), so a pool is closed only once nothing is using it.
  const closeIfIdle = (pool: NonNullable<typeof current>) => {
    if (pool.retired && pool.busy === 0) pool.transporter.close();
  };
  const using = async <T>(work: (t: Transporter) => Promise<T>): Promise<T> => {
    const pool = open();
    pool.busy++;
    try {
      return await work(pool.transporter);
    } finally {
      pool.busy--;
      closeIfIdle(pool);
    }
  };
  // Releasing means starting a fresh pool for the next send: a closed one refuses mail for good.
  const release = () => {
    if (!current) return;
    current.retired = true;
    closeIfIdle(current);
    current = undefined;
  };
  return {
    async send(mail) {
      const info = (await using((t) => t.sendMail(mail))) as { messageId: string };
      return { messageId: info.messageId };
    },
    async verify() {
      await using((t) => t.verify());
    },
    release,
    close: release,
  };
}
