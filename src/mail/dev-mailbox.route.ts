/**
 * The dev mailbox: outside production, when no SMTP_URL is set, the mail Permission would have
 * sent (the sign-up code) is shown at /dev/mail, newest first, to this machine only (the
 * connection's own address must be loopback; forwarded headers are not believed). `?format=json`
 * gives the same as JSON (tests, scripts).
 */
import { Router, type Request } from 'express';
import type { MailService } from './mail.service';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const fromThisMachine = (req: Request) => {
  const a = req.socket.remoteAddress ?? '';
  return a === '::1' || a.startsWith('127.') || a.startsWith('::ffff:127.');
};

export function devMailboxRouter(mail: MailService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    if (!fromThisMachine(req)) {
      res.status(404).json({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
      return;
    }
    const messages = await mail.recent(50);
    res.setHeader('cache-control', 'no-store');
    if (req.query.format === 'json') {
      res.json(messages.map((m) => ({ to: m.to, subject: m.subject, text: m.text, createdAt: m.createdAt })));
      return;
    }
    const items = messages
      .map((m) => `<article><h2>${escapeHtml(m.subject)}</h2><p>To ${escapeHtml(m.to)}, ${m.createdAt.toISOString()}</p><pre>${escapeHtml(m.text)}</pre></article>`)
      .join('\n');
    res.type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dev mailbox · Permission</title></head>
<body><h1>Dev mailbox</h1><p>Mail Permission would have sent (no SMTP_URL is set). Newest first; only this machine sees this page; nothing here is kept longer than a day.</p>
${items || '<p>No mail yet.</p>'}</body></html>`);
  });
  return router;
}
