/**
 * Mail through a real SMTP server (smtp-server on loopback): the sign-up code is delivered after
 * the commit; while the mail server is down the sign-up still answers, the message waits with its
 * error, and the next delivery round sends it; sent messages are not kept.
 */
import type { App } from '../../src/app';
import type { RunningServer } from '../../src/server';
import { createTestApp, GqlClient, startTestServer } from '../support/test-app';
import { SIGN_UP } from '../support/join';
import { until } from '../support/waiting';
import { mailCatcher, type MailCatcher } from '../support/smtp';

describe('mail through SMTP', () => {
  let app: App;
  let server: RunningServer;
  let smtp: MailCatcher;
  const errors: string[] = [];

  beforeAll(async () => {
    smtp = await mailCatcher();
    app = await createTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Permission <hello@permission.test>' }, log: (l) => errors.push(l) });
    server = await startTestServer(app);
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });

  it('with SMTP_URL there is no dev mailbox', async () => {
    expect(app.mail.delivers).toBe(true);
    expect((await fetch(`${server.url}/dev/mail?format=json`)).status).toBe(404);
  });

  it('the mail server down: sign-up still answers, the code waits with the error, and goes once the server is back', async () => {
    const r = await new GqlClient(server.url).request(SIGN_UP, { i: { email: 'waiting@mail.test', password: 'a long passphrase 42', displayName: 'Waiting', birthDate: '1990-01-01' } });
    expect(r.data.signUp).toEqual({ codeSentTo: 'waiting@mail.test', userErrors: [] });
    const waiting = await until('the failed attempt to be recorded', 10_000, async () => {
      const rows: Array<{ attempts: number; last_error: string }> = await app.ds.query(`SELECT attempts, last_error FROM mail_message WHERE to_address = 'waiting@mail.test'`);
      return rows[0]?.attempts ? rows[0] : null;
    });
    expect(waiting.last_error).toMatch(/ECONNREFUSED/);
    // the failure is logged, without the address
    expect(errors.join('\n')).toMatch(/mail: message \d+ not sent: .*ECONNREFUSED/);
    expect(errors.join('\n')).not.toContain('waiting@mail.test');

    await smtp.listen();
    try {
      expect(await app.mail.deliver()).toEqual({ sent: 1, failed: 0 });
      const mail = smtp.received.find((m) => m.to === 'waiting@mail.test')!;
      expect(mail.raw).toMatch(/^From: Permission <hello@permission\.test>/m);
      const code = /^Subject: (\d{6}) is your Permission code/m.exec(mail.raw)![1];
      // sent mail is not kept (it held the code)
      expect(await app.ds.query(`SELECT 1 FROM mail_message WHERE to_address = 'waiting@mail.test'`)).toEqual([]);
      const c = new GqlClient(server.url);
      const confirmed = await c.request(`mutation($c: String!) { confirmSignUp(email: "waiting@mail.test", code: $c) { me { displayName } userErrors { code } } }`, { c: code });
      expect(confirmed.data.confirmSignUp).toEqual({ me: { displayName: 'Waiting' }, userErrors: [] });

      // and when the server is up, mail goes right after the commit
      await c.request(SIGN_UP, { i: { email: 'waiting@mail.test', password: 'a long passphrase 42', displayName: 'Again', birthDate: '1990-01-01' } });
      const told = await until('the owner to be told', 10_000, async () => smtp.received.find((m) => m.to === 'waiting@mail.test' && /Someone tried/.test(m.raw)) ?? null);
      expect(told.raw).toContain('You already have an account');
    } finally {
      await smtp.close();
    }
  });
});
