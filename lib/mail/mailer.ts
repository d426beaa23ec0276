// Email through any SMTP server (nodemailer). Failures come back as MailError with words an admin
// can act on and never the SMTP URL, which may carry a password.
import type { Transporter } from "nodemailer";

interface OutgoingMail {
  /** One person, or several who all read the same words (each still gets exactly one copy). */
  to: string | readonly string[];
  subject: string;
  text: string;
  html: string;
  /** Stable per delivery, so a receiving system can drop a duplicate after a retry. */
  messageId: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

export class MailError extends Error {
  override name = "MailError";
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export interface SmtpMailerOptions {
  /** smtp://user:pass@host:587 or smtps://host:465 */
  url: string;
  from: string;
  timeoutMs?: number;
}

export function createSmtpMailer({ url, from, timeoutMs = 10_000 }: SmtpMailerOptions): Mailer {
  // nodemailer is loaded with the first message, not when the server starts: most processes send
  // none for a while, and it costs start-up time and memory.
  let transport: Promise<Transporter> | null = null;
  const open = async (): Promise<Transporter> => {
    const [{ default: nodemailer }, { default: SMTPTransport }] = await Promise.all([import("nodemailer"), import("nodemailer/lib/smtp-transport/index.js")]);
    // The SMTP transport itself, not createTransport(url): that form would drop the timeouts.
    return nodemailer.createTransport(new SMTPTransport({ url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs }), { from });
  };
  return {
    async send(mail) {
      try {
        transport ??= open().catch((error: unknown) => {
          transport = null;
          throw error;
        });
        await (
          await transport
        ).sendMail({
          from,
          to: typeof mail.to === "string" ? mail.to : [...mail.to],
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
        });
      } catch (error) {
        throw toMailError(error);
      }
    },
  };
}

function toMailError(error: unknown): MailError {
  const e = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  const responseCode = typeof e.responseCode === "number" ? e.responseCode : null;
  if (responseCode !== null) {
    // 4xx are temporary by SMTP's own definition; 5xx are not (a bad address, a refused sender).
    return new MailError(`The mail server refused the message (SMTP ${responseCode}).`, responseCode < 500);
  }
  const code = typeof e.code === "string" ? e.code : "unknown";
  if (code === "EENVELOPE") return new MailError("The mail server refused the sender or a recipient.", false);
  if (code === "EAUTH") return new MailError("The mail server refused Frontdesk's login (check SMTP_URL).", false);
  return new MailError(`The mail server could not be reached (${code}).`, true);
}
