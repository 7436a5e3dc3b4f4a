/** A real SMTP server on loopback (smtp-server), standing in for people's mail providers. */
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../src/db/embedded';

export interface ReceivedMail {
  to: string;
  /** The message as sent (headers and body). */
  raw: string;
}

export interface MailCatcher {
  port: number;
  received: ReceivedMail[];
  /** Start accepting on `port` (again, after close). */
  listen(): Promise<void>;
  close(): Promise<void>;
}

/** A catcher on a free port, not yet listening (a test may want the port down first). */
export async function mailCatcher(): Promise<MailCatcher> {
  const port = await freePort();
  const received: ReceivedMail[] = [];
  let server: SMTPServer | null = null;
  return {
    port,
    received,
    async listen() {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        onData(stream, session, callback) {
          let raw = '';
          stream.on('data', (d: Buffer) => (raw += d.toString('utf8')));
          stream.on('end', () => {
            received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw });
            callback();
          });
        },
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    },
    async close() {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}
