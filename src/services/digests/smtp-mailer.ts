import nodemailer from 'nodemailer';

export interface DigestEmail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Stable per recipient and period: a mail server or client that sees it twice can drop the copy. */
  readonly messageId: string;
}

/** Sends one email; the digests' only way out by mail, so tests can hand in any SMTP server. */
export interface DigestMailer {
  send(email: DigestEmail): Promise<void>;
  close(): void;
}

/** What an SMTP failure may say: its message with the URL's password (if any) blanked out. */
function withoutSecret(message: string, smtpUrl: string): string {
  const password = URL.canParse(smtpUrl) ? decodeURIComponent(new URL(smtpUrl).password) : '';
  return password === '' ? message : message.split(password).join('***');
}

// Well under the digests' five-minute claim lease (nodemailer waits up to ten minutes on a silent server): a send
// still hanging when the lease runs out could be sent again by a retry that takes the claim over.
const serverTimeouts = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };

/** A mailer over SMTP_URL (smtp:// or smtps://, credentials in the URL), pooled for a run's many digests. */
export function smtpMailer(smtpUrl: string, timeouts: Partial<typeof serverTimeouts> = {}): DigestMailer {
  const transport = nodemailer.createTransport({ url: smtpUrl, ...serverTimeouts, ...timeouts });
  return {
    async send(email) {
      try {
        await transport.sendMail({ ...email, messageId: `<${email.messageId}>` });
      } catch (error) {
        throw new Error(
          `The mail server refused the digest: ${withoutSecret(error instanceof Error ? error.message : String(error), smtpUrl)}`,
        );
      }
    },
    close() {
      transport.close();
    },
  };
}
