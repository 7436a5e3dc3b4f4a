/**
 * A local HTTP server standing in for a social platform's public profile pages (verification
 * tests): GET /profile/<handle> answers what the test set for that handle, 404 otherwise, and
 * every request path is recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The stand-in platform: one page per handle, as the test sets it. */
export class FakePlatform {
  readonly pages = new Map<string, (res: http.ServerResponse) => void>();
  readonly hits: string[] = [];
  private server = http.createServer((req, res) => {
    this.hits.push(req.url ?? '');
    const handle = decodeURIComponent((req.url ?? '').replace(/^\/profile\//, '').split('?')[0]);
    const page = this.pages.get(handle);
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Sorry, this page is not available.</h1>');
      return;
    }
    page(res);
  });
  port = 0;
  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

/** A profile page whose bio says `bio`. */
export const profilePage = (bio: string) => (res: http.ServerResponse) =>
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><title>Profile</title></head><body>
    <header>${'<nav>menu</nav>'.repeat(50)}</header><section class="bio">${bio}</section></body></html>`);

