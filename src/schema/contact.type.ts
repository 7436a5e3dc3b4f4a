import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { ContactRequestStatusEnum } from './enums';
import { AgencyType } from './agency.type';
import { InfluencerType } from './influencer.type';
import { PageInfo } from './search.type';
import { UserError } from './user-error.type';
import type { ContactRequestStatus } from '../domain/agency';

@InputType({ description: 'What the agency asks the influencer to take part in.' })
export class CampaignInput {
  @Field(() => String, { description: '1 to 200 characters' }) title: string;
  @Field(() => String, { description: '1 to 5,000 characters' }) brief: string;
  @Field(() => String, { nullable: true, description: 'Free text, e.g. "EUR 500-800"; at most 100 characters' }) budgetRange?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, today or later' }) deadline?: string | null;
}

@ObjectType('Campaign')
export class CampaignType {
  @Field(() => String) title: string;
  @Field(() => String) brief: string;
  @Field(() => String, { nullable: true }) budgetRange: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) deadline: string | null;
}

@ObjectType({ description: 'A request from an agency to contact an influencer, through Permission. Seen by both.' })
export class ContactRequestType {
  @Field(() => ID) id: string;
  @Field(() => AgencyType) agency: AgencyType;
  @Field(() => CampaignType) campaign: CampaignType;
  @Field(() => ContactRequestStatusEnum, { description: 'As of now: a pending request of someone not contactable right now reads CANCELLED.' })
  status: ContactRequestStatus;
  @Field(() => String, { nullable: true, description: "The influencer's reply, if any." }) reply: string | null;
  @Field(() => GraphQLDateTime) createdAt: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) decidedAt: Date | null;
  @Field(() => String, {
    nullable: true,
    description: "The influencer's email: only once they accepted this request, and only while they stay listed with CONTACT consent.",
  })
  contactEmail: string | null;
  /** Resolved by a field resolver (the public profile, null unless listable right now). */
  @Field(() => InfluencerType, { nullable: true, description: 'The public profile; null unless listable right now.' }) influencer?: InfluencerType | null;
  influencerId: string;
}

@ObjectType()
export class ContactRequestEdge {
  @Field(() => String) cursor: string;
  @Field(() => ContactRequestType) node: ContactRequestType;
}

@ObjectType({ description: 'Contact requests, newest first.' })
export class ContactRequestConnection {
  @Field(() => [ContactRequestEdge]) edges: ContactRequestEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

@ObjectType()
export class ContactRequestPayload {
  @Field(() => ContactRequestType, { nullable: true }) contactRequest: ContactRequestType | null;
  @Field(() => [UserError]) userErrors: UserError[];
}
