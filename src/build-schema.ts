import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './auth/auth-checker';
import { MeResolver } from './resolvers/me.resolver';
import { TopicResolver } from './resolvers/topic.resolver';
import { InfluencerResolver } from './resolvers/influencer.resolver';
import { ConsentEventResolver } from './resolvers/consent-event.resolver';
import { MyDataResolver } from './resolvers/my-data.resolver';
import { ShortlistResolver } from './resolvers/shortlist.resolver';
import { ContactRequestResolver } from './resolvers/contact.resolver';
import { ViewerResolver } from './resolvers/viewer.resolver';
import { MeAgencyResolver } from './resolvers/me-agency.resolver';
import { VerificationResolver } from './resolvers/verification.resolver';

let cached: Promise<GraphQLSchema> | null = null;

/** The schema is the same for every App in a process: build it once. */
export function buildAppSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: [TopicResolver, MeResolver, InfluencerResolver, ConsentEventResolver, MyDataResolver, ShortlistResolver, ContactRequestResolver, ViewerResolver, MeAgencyResolver, VerificationResolver],
    authChecker,
    // Mutations validate their own input and answer with userErrors; see src/validation.ts.
    validate: false,
  });
  return cached;
}
