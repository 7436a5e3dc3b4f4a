// A real OAuth 2.0 / OpenID provider for the tests (oauth2-mock-server, ESM-only, so it runs in a
// process of its own): node oauth-provider.mjs <handle> <followers>. Its userinfo says the signed-in
// account is @<handle> with <followers> followers. Prints "READY <issuer url>" once listening.
import { OAuth2Server } from 'oauth2-mock-server';

const [handle, followers] = process.argv.slice(2);
const server = new OAuth2Server();
await server.issuer.keys.generate('RS256');
server.service.on('beforeUserinfo', (userInfoResponse) => {
  userInfoResponse.body = { sub: `platform-user-${handle}`, preferred_username: handle, followers_count: Number(followers) };
});
await server.start(0, '127.0.0.1');
process.stdout.write(`READY ${server.issuer.url}\n`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
