/** People and agencies for the agency-workflow tests, made through the real HTTP API. */
import type { App } from '../../src/app';
import { GqlClient } from './test-app';
import { join } from './join';

let n = 0;

export interface Person {
  c: GqlClient;
  id: string;
  email: string;
  accountId: string;
}

/** A signed-up, listable person (DISCOVERY, and CONTACT unless told not to), with one public account. */
export async function listablePerson(url: string, opts: { contact?: boolean } = {}): Promise<Person> {
  const word = `Agp${++n}x${Math.floor(Math.random() * 1e6)}`;
  const c = new GqlClient(url);
  // every person from an address of their own (sign-up limits are per address)
  c.headers['x-forwarded-for'] = `10.9.${Math.floor(n / 250)}.${n % 250}`;
  const email = `${word.toLowerCase()}@agency.test`;
  const { id } = await join(c, { email, password: 'a long passphrase 42', displayName: `${word} Person`, birthDate: '1990-05-05', country: 'FR' });
  const acc = await c.request(`mutation($h: String!) { connectSocialAccount(input: { platform: INSTAGRAM, handle: $h, followers: 5000 }) { account { id } } }`, { h: `${word}_ig` });
  await c.request(`mutation { grantConsent(purpose: DISCOVERY) { userErrors { code } } }`);
  if (opts.contact !== false) await c.request(`mutation { grantConsent(purpose: CONTACT) { userErrors { code } } }`);
  return { c, id, email, accountId: acc.data.connectSocialAccount.account.id };
}

/** A client holding a new agency's key (all scopes unless given). */
export async function agencyClient(app: App, url: string, name: string, scopes?: Array<'search' | 'shortlists' | 'contact'>): Promise<{ c: GqlClient; agencyId: string }> {
  const { agencyId, apiKey } = await app.auth.createAgency(name);
  const c = new GqlClient(url);
  c.bearer = scopes ? await app.auth.issueKey(app.ds, agencyId, scopes) : apiKey;
  return { c, agencyId };
}

export const CAMPAIGN = { title: 'Spring launch', brief: 'Two posts about our new running shoes.', budgetRange: 'EUR 500-800' };

export const Q = {
  createList: `mutation($name: String!) { createShortlist(name: $name) { shortlist { id name } userErrors { field message code } } }`,
  add: `mutation($l: ID!, $i: ID!, $note: String) { addToShortlist(shortlistId: $l, influencerId: $i, note: $note) { shortlist { id } userErrors { field message code } } }`,
  remove: `mutation($l: ID!, $i: ID!) { removeFromShortlist(shortlistId: $l, influencerId: $i) { shortlist { id } userErrors { field message code } } }`,
  entries: `query($l: ID!, $n: Int!, $after: String) { shortlist(id: $l) { id name entries(first: $n, after: $after) { totalCount hiddenCount
      edges { cursor note node { id displayName contactable } } pageInfo { hasNextPage endCursor } } } }`,
  request: `mutation($i: ID!, $c: CampaignInput!) { requestContact(influencerId: $i, campaign: $c) { contactRequest { id status contactEmail } userErrors { field message code } } }`,
  agencyRequests: `{ contactRequests(first: 50) { edges { node { id status contactEmail agency { name } influencer { id } } } } }`,
  myRequests: `{ me { contactRequests(first: 50) { edges { node { id status agency { name } campaign { title } } } } } }`,
  accept: `mutation($id: ID!, $reply: String) { acceptContactRequest(id: $id, reply: $reply) { contactRequest { id status contactEmail } userErrors { field message code } } }`,
  decline: `mutation($id: ID!) { declineContactRequest(id: $id) { contactRequest { id status } userErrors { field message code } } }`,
  activity: `{ me { activity(first: 100) { edges { node { kind agency { name } count day } } } } }`,
};

/**
 * The secret of an API key (`pk_<12 hex>_<32 base64url>`): everything after the prefix. Not
 * `split('_')`: base64url holds '_', and the last or third piece can be a character or two that
 * any text contains by chance.
 */
export function keySecret(apiKey: string): string {
  const m = /^pk_[0-9a-f]{12}_([A-Za-z0-9_-]{32})$/.exec(apiKey);
  if (!m) throw new Error(`not an API key: ${apiKey.slice(0, 6)}...`);
  return m[1];
}
