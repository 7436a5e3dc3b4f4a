/**
 * What agencies did with the signed-in influencer's profile, on `me`: the record ("who looked")
 * and the contact requests to answer. In a resolver of its own so that `me`'s other fields stay in
 * me.resolver.ts.
 */
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { checkFirst } from '../domain/paging';
import { connectionComplexity, pageInfoOf } from '../schema/connection';
import { ProfileActivityConnection } from '../schema/activity.type';
import { ContactRequestConnection } from '../schema/contact.type';
import { Me } from '../schema/me.type';
import { contactConnection } from './contact.resolver';

@Resolver(() => Me)
export class MeAgencyResolver {
  @FieldResolver(() => ProfileActivityConnection, {
    description:
      'Who looked: every view of your profile, shortlisting and removal, contact request, and your search appearances per agency and day; newest first. ' +
      'Erased with your account.',
    complexity: connectionComplexity,
  })
  async activity(
    @Root() me: Me,
    @Ctx() ctx: GraphQLContext,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('first', () => Int, { description: '1 to 100' }) first: number,
  ): Promise<ProfileActivityConnection> {
    checkFirst(first);
    const page = await ctx.app.activity.page(me.id, first, after);
    return {
      edges: page.items.map(({ cursor, value: a }) => ({
        cursor,
        node: { id: a.id, kind: a.kind, agency: { name: a.agencyName }, occurredAt: a.occurredAt, day: a.day, count: a.count },
      })),
      pageInfo: pageInfoOf(page, after),
    };
  }

  @FieldResolver(() => ContactRequestConnection, {
    description: 'Contact requests agencies sent you, newest first; answer the PENDING ones with acceptContactRequest or declineContactRequest.',
    complexity: connectionComplexity,
  })
  async contactRequests(
    @Root() me: Me,
    @Ctx() ctx: GraphQLContext,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('first', () => Int, { description: '1 to 100' }) first: number,
  ): Promise<ContactRequestConnection> {
    checkFirst(first);
    return contactConnection(await ctx.app.contacts.page({ influencerId: me.id }, first, after), after);
  }
}
