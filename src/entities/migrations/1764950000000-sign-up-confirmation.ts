import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-up answers the same whether or not the email has an account (issue 8), so an account is
 * made only once its owner shows they read that inbox:
 * - `pending_sign_up`: what someone typed into the join form, kept until they enter the code we
 *   mailed (then it becomes an `influencer`), for a day at most; a second sign-up with the same
 *   email replaces it. Only the code's hash is kept, with the wrong guesses counted.
 * - `mail_message`: mail waiting to be sent (SMTP_URL) and, outside production, the dev mailbox.
 *   Sent mail and anything older than a day are deleted by housekeeping.
 */
export class SignUpConfirmation1764950000000 implements MigrationInterface {
  name = 'SignUpConfirmation1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pending_sign_up (
        email         citext PRIMARY KEY,
        password_hash text NOT NULL,
        display_name  text NOT NULL,
        birth_date    date NOT NULL,
        country       char(2),
        code_hash     bytea NOT NULL,
        wrong_codes   integer NOT NULL DEFAULT 0,
        created_at    timestamptz NOT NULL DEFAULT now(),
        expires_at    timestamptz NOT NULL
      );
      CREATE INDEX pending_sign_up_expires ON pending_sign_up (expires_at);

      CREATE TABLE mail_message (
        id         bigserial PRIMARY KEY,
        to_address citext NOT NULL,
        subject    text NOT NULL,
        body       text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at    timestamptz,
        attempts   integer NOT NULL DEFAULT 0,
        last_error text
      );
      CREATE INDEX mail_message_unsent ON mail_message (created_at) WHERE sent_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mail_message; DROP TABLE pending_sign_up;`);
  }
}
