import fs from 'node:fs';
import path from 'node:path';
import { printAppSchema } from '../../src/print-schema';

describe('schema.graphql', () => {
  it('is what the code builds (run `npm run schema` after changing the API)', async () => {
    const checkedIn = fs.readFileSync(path.resolve(__dirname, '../../schema.graphql'), 'utf8');
    expect(await printAppSchema()).toBe(checkedIn);
  });

  it('keeps the contract names of the design', async () => {
    const s = await printAppSchema();
    for (const needle of [
      'searchInfluencers(', 'influencer(id: ID!): Influencer', 'topics: [Topic!]!', 'input InfluencerFilter', 'type InfluencerSearchConnection',
      'signUp(input: SignUpInput!): SignUpPayload!', 'confirmSignUp(email: String!, code: String!): AuthPayload!', 'signIn(email: String!, password: String!): AuthPayload!', 'signOut: Boolean!', 'me: Me',
      'updateProfile(input: UpdateProfileInput!): ProfilePayload!', 'connectSocialAccount(input: SocialAccountInput!): SocialAccountPayload!',
      'grantConsent(purpose: ConsentPurpose!): ConsentPayload!', 'withdrawConsent(purpose: ConsentPurpose!): ConsentPayload!',
      'deleteMyAccount(confirm: Boolean!): DeletePayload!', 'matchedTopics: [TopicMatch!]!', 'facets: SearchFacets!',
    ]) {
      expect(s).toContain(needle);
    }
  });
});
