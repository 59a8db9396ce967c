import nodemailer, { Transporter } from 'nodemailer';

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

/** SMTP through nodemailer, with short timeouts so a dead server fails fast and is retried later. */
export function smtpTransport(url: string): MailTransport {
  const transporter: Transporter = nodemailer.createTransport(url, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as nodemailer.TransportOptions);
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
