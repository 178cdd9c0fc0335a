import type { Logger } from '../observability/logger';

export interface OutgoingMail {
  /** The notification's id: the same on every attempt (a Message-ID for the transport). */
  id: string;
  to: string;
  subject: string;
  text: string;
  /** BCP 47 tag of the message's language (Content-Language). */
  language: string;
}

/** Hands a rendered message to whatever delivers it. Resolves once it has taken the message. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
}

/**
 * Development delivery: the message goes to the log (recipient, subject, language; the body is in
 * the notifications table). A deployment that mails fans passes its own transport.
 */
export class LogMailTransport implements MailTransport {
  constructor(private readonly logger: Logger) {}

  async send(mail: OutgoingMail): Promise<void> {
    this.logger.info({ to: mail.to, subject: mail.subject, language: mail.language }, 'mail (log transport)');
  }
}
