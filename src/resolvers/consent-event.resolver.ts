import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import type { GraphQLContext } from '../context';
import { ConsentEventType } from '../schema/me.type';

@Resolver(() => ConsentEventType)
export class ConsentEventResolver {
  @FieldResolver(() => GraphQLJSONObject, {
    nullable: true,
    description: 'For a grant: its consent receipt (Kantara Consent Receipt v1.1 fields), to download and keep.',
  })
  async receipt(@Root() event: ConsentEventType, @Ctx() ctx: GraphQLContext): Promise<Record<string, unknown> | null> {
    // only ever the signed-in person's own events reach here (Me.consentHistory)
    if (event.action !== 'GRANT' || !ctx.influencerId || event.influencerId !== ctx.influencerId) return null;
    return ctx.app.consent.receipt(ctx.influencerId, event.id);
  }
}
