/** The logger's last line of defence: what it writes when handed secrets and personal data anyway. */
import { Writable } from 'node:stream';
import { createLogger, scrub, serializeError } from '../../src/observability/logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ level: 'trace', destination }), records: () => lines.map((l) => JSON.parse(l) as Record<string, any>), text: () => lines.join('\n') };
}

const KEY = 'pk_0123456789ab_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef';
const TOKEN = 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c';

describe('logger', () => {
  it('scrubs emails, API keys, tokens and dates out of text', () => {
    expect(scrub(`user ana.maria+x@mail.example.org key ${KEY} token ${TOKEN} born 1990-04-12 id 0b6c9a52-2f55-4c8e-9d7c-1e2f3a4b5c6d`)).toBe(
      'user [email] key [api-key] token [token] born [date] id 0b6c9a52-2f55-4c8e-9d7c-1e2f3a4b5c6d',
    );
  });

  it('logs an error as type, code, message and stack, without the values attached to it', () => {
    const err = Object.assign(new Error('duplicate key value violates unique constraint "influencer_email_key"'), {
      name: 'QueryFailedError',
      code: '23505',
      query: 'INSERT INTO influencer (email, password_hash, birth_date) VALUES ($1, $2, $3)',
      parameters: ['ana@example.org', '$argon2id$v=19$secret', '1990-04-12'],
      detail: 'Key (email)=(ana@example.org) already exists.',
    });
    const out = serializeError(err);
    expect(Object.keys(out).sort()).toEqual(['code', 'message', 'stack', 'type']);
    expect(out).toMatchObject({ type: 'QueryFailedError', code: '23505' });
    expect(JSON.stringify(out)).not.toMatch(/ana@example\.org|argon2|1990-04-12/);
  });

  it('redacts secret fields and scrubs messages, wherever they are put', () => {
    const { logger, records, text } = capture();
    logger.info({ password: 'hunter2 hunter2', user: { email: 'ana@example.org', birthDate: '1990-04-12' }, apiKey: KEY }, `signed in ana@example.org with ${KEY}`);
    logger.error({ err: Object.assign(new Error(`bad token ${TOKEN}`), { parameters: ['ana@example.org'] }) }, 'failed');
    const [first, second] = records();
    expect(first.password).toBe('[redacted]');
    expect(first.user).toEqual({ email: '[redacted]', birthDate: '[redacted]' });
    expect(first.msg).toBe('signed in [email] with [api-key]');
    expect(second.err.message).toBe('bad token [token]');
    expect(text()).not.toMatch(/hunter2|ana@example\.org|1990-04-12|pk_0123|q1w2e3/);
  });
});
