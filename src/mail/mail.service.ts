/**
 * Mail to people (the sign-up code, "someone tried to join with your email"). A message is queued
 * in `mail_message` in the caller's transaction, so it exists exactly when what it tells happened,
 * and sent after commit through SMTP (nodemailer) when SMTP_URL is set; failed sends are retried
 * by `deliver()` on the next wake or housekeeping round. Without SMTP_URL (development) messages
 * stay in the table, where the dev mailbox (/dev/mail, loopback only, never in production) shows
 * them. Addresses are never logged. Sent messages and anything older than a day are purged.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { DataSource, EntityManager } from 'typeorm';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface MailMessage extends Mail {
  id: string;
  createdAt: Date;
  sentAt: Date | null;
}

export interface MailConfig {
  /** smtp:// or smtps:// URL (nodemailer's form, credentials included), or null: keep mail here. */
  smtpUrl: string | null;
  from: string;
}

type Queryable = Pick<DataSource | EntityManager, 'query'>;

/** Sends a failed message is retried before it is given up (and purged with the rest). */
const MAX_ATTEMPTS = 5;

export class MailService {
  private readonly transport: Transporter | null;
  private sending: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly ds: DataSource,
    private readonly config: MailConfig,
    private readonly log: (line: string) => void,
  ) {
    // a mail server that hangs must not hold a message (or a shutdown) for nodemailer's default minutes
    this.transport = config.smtpUrl
      ? nodemailer.createTransport({ url: config.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as Parameters<typeof nodemailer.createTransport>[0])
      : null;
  }

  /** True when mail leaves this machine; false when it only reaches the dev mailbox. */
  get delivers(): boolean {
    return this.transport !== null;
  }

  /** Queue a message in `db`'s transaction; call wake() after the commit. */
  async queue(db: Queryable, mail: Mail): Promise<void> {
    await db.query(`INSERT INTO mail_message (to_address, subject, body) VALUES ($1, $2, $3)`, [mail.to, mail.subject, mail.text]);
  }

  /** Send what is waiting, in the background (coalesced). */
  wake(): void {
    if (!this.transport) return;
    if (this.sending) {
      this.again = true;
      return;
    }
    this.sending = this.deliver()
      .then(() => undefined, (err: Error) => this.log(`mail: delivery failed: ${err.message}`))
      .finally(() => {
        this.sending = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Send every waiting message once; returns how many were sent and how many failed. */
  async deliver(): Promise<{ sent: number; failed: number }> {
    const transport = this.transport;
    if (!transport) return { sent: 0, failed: 0 };
    let sent = 0;
    let failed = 0;
    for (;;) {
      const done = await this.ds.transaction(async (tx) => {
        const rows: Array<{ id: string; to_address: string; subject: string; body: string }> = await tx.query(
          `SELECT id, to_address, subject, body FROM mail_message
           WHERE sent_at IS NULL AND attempts < $1 ORDER BY id LIMIT 20 FOR UPDATE SKIP LOCKED`,
          [MAX_ATTEMPTS],
        );
        for (const m of rows) {
          try {
            await transport.sendMail({ from: this.config.from, to: m.to_address, subject: m.subject, text: m.body });
            // the message (it may hold a code) is not kept once it left
            await tx.query(`DELETE FROM mail_message WHERE id = $1`, [m.id]);
            sent++;
          } catch (err) {
            failed++;
            const message = err instanceof Error ? err.message : String(err);
            await tx.query(`UPDATE mail_message SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [m.id, message.slice(0, 500)]);
            this.log(`mail: message ${m.id} not sent: ${message}`);
          }
        }
        return rows.length < 20 || failed > 0;
      });
      if (done) return { sent, failed };
    }
  }

  /** The newest messages, for the dev mailbox. */
  async recent(limit = 50): Promise<MailMessage[]> {
    const rows: Array<{ id: string; to_address: string; subject: string; body: string; created_at: Date; sent_at: Date | null }> = await this.ds.query(
      `SELECT id, to_address, subject, body, created_at, sent_at FROM mail_message ORDER BY id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ id: r.id, to: r.to_address, subject: r.subject, text: r.body, createdAt: r.created_at, sentAt: r.sent_at }));
  }

  /** Housekeeping: retry what failed, then forget messages older than a day. */
  async purge(now: Date): Promise<number> {
    await this.deliver();
    const [, n]: [unknown[], number] = await this.ds.query(`DELETE FROM mail_message WHERE created_at < $1`, [new Date(now.getTime() - 86_400_000)]);
    return n;
  }

  /** Lets a send in progress finish for up to two seconds (it is retried by the next process otherwise). */
  async close(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.sending, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
    clearTimeout(timer);
    this.transport?.close();
  }
}
