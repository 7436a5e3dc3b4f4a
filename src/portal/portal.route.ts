/**
 * The influencer portal at /portal: the single-page app Vite builds into dist/portal, served from
 * this process (no CDN), with security headers from helmet. A Content Security Policy allows this
 * origin only (no inline script or style, no framing); the app's GraphQL requests carry a header
 * that a cross-site page cannot send without a CORS preflight, which the API refuses (CSRF).
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import helmet from 'helmet';
import compression from 'compression';

/** The package root (holding package.json), whether running from src (ts-jest) or dist. */
function packageRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export const PORTAL_DIR = path.join(packageRoot(__dirname), 'dist', 'portal');

export function portalSecurityHeaders(production: boolean) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        ...(production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // HSTS only where the site is served over https
    strictTransportSecurity: production,
  });
}

export function portalRouter(opts: { production: boolean; dir?: string }): Router {
  const dir = opts.dir ?? PORTAL_DIR;
  const router = express.Router();
  router.use(portalSecurityHeaders(opts.production));
  // the bundle is about a fifth of its size gzipped
  router.use(compression());
  // hashed file names: cache for a year; index.html: always revalidate
  router.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }));
  router.use(express.static(dir, { index: false, maxAge: 0 }));
  // every other path under /portal is a page of the app
  router.get(/.*/, (_req, res) => {
    const index = path.join(dir, 'index.html');
    if (!fs.existsSync(index)) {
      res.status(503).type('text/plain').send('The portal is not built: run `npm run build` (npm start does it).\n');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
