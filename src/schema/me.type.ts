import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import {
  AccountStatusEnum, ConsentActionEnum, ConsentPurposeEnum, FollowersSourceEnum, NoticeKindEnum, NotListedReasonEnum, PlatformEnum,
  RevokedReasonEnum, VerificationMethodEnum, VerificationStateEnum,
} from './enums';
import type { FollowersSource, NoticeKind, RevokedReason, VerificationMethod, VerificationState } from '../domain/verification';
import { TopicType } from './topic.type';
import { UserError } from './user-error.type';
import type { Platform } from '../domain/platform';
import type { AccountStatus } from '../domain/account-status';
import type { ConsentAction, ConsentPurpose, NotListedReason } from '../domain/consent';

@ObjectType({ description: 'Whether you proved this account is yours, and how to.' })
export class AccountVerification {
  @Field(() => VerificationStateEnum) state: VerificationState;
  @Field(() => VerificationMethodEnum, { nullable: true, description: 'How, while VERIFIED.' }) method: VerificationMethod | null;
  @Field(() => GraphQLDateTime, { nullable: true }) verifiedAt: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When a verification runs out and has to be made again.' }) expiresAt: Date | null;
  @Field(() => RevokedReasonEnum, { nullable: true, description: 'Why, while REVOKED.' }) revokedReason: RevokedReason | null;
  @Field(() => String, { nullable: true, description: 'The one-time code to put in the public bio (startSocialAccountVerification), until verified with it.' })
  code: string | null;
  @Field(() => String, { nullable: true, description: 'The public page the code is looked for on.' }) profileUrl: string | null;
  @Field(() => Boolean, { description: 'Signing in with the platform is available here (startSocialAccountOAuth).' }) oauthAvailable: boolean;
}

@ObjectType({ description: "A social account as its owner sees it (private accounts included; agencies never see those)." })
export class OwnSocialAccount {
  @Field(() => ID) id: string;
  @Field(() => PlatformEnum) platform: Platform;
  @Field(() => String) handle: string;
  @Field(() => String, { nullable: true }) url: string | null;
  @Field(() => Int) followers: number;
  @Field(() => Float, { nullable: true }) engagementRate: number | null;
  @Field(() => Boolean) isPrivate: boolean;
  @Field(() => GraphQLDateTime) connectedAt: Date;
  @Field(() => AccountVerification) verification: AccountVerification;
  @Field(() => Boolean, {
    description: 'Someone else claimed this handle first, unverified: agencies do not see your claim until you verify it, and verifying removes theirs.',
  })
  contested: boolean;
  @Field(() => FollowersSourceEnum) followersSource: FollowersSource;
  @Field(() => GraphQLDateTime) followersUpdatedAt: Date;
}

@ObjectType({ description: 'Something Permission tells you, e.g. that a claim of yours was removed.' })
export class Notice {
  @Field(() => ID) id: string;
  @Field(() => NoticeKindEnum) kind: NoticeKind;
  @Field(() => String) message: string;
  @Field(() => PlatformEnum, { nullable: true }) platform: Platform | null;
  @Field(() => String, { nullable: true }) handle: string | null;
  @Field(() => GraphQLDateTime) createdAt: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) readAt: Date | null;
}

@ObjectType()
export class NoticePayload {
  @Field(() => Notice, { nullable: true }) notice: Notice | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@ObjectType()
export class OAuthStartPayload {
  @Field(() => String, { nullable: true, description: "The platform's sign-in page: send the browser there; it comes back to /oauth/callback." })
  authorizationUrl: string | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@ObjectType()
export class OwnTopic {
  @Field(() => TopicType) topic: TopicType;
  @Field(() => Float, { description: 'How much of your content is about it, (0, 1].' }) weight: number;
}

@ObjectType('ConsentState')
export class ConsentStateType {
  @Field(() => ConsentPurposeEnum) purpose: ConsentPurpose;
  @Field(() => Boolean, { description: 'The latest event for this purpose is a grant.' }) granted: boolean;
  @Field(() => Boolean, { description: 'Granted and not expired.' }) active: boolean;
  @Field(() => GraphQLDateTime, { nullable: true }) grantedAt: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true }) expiresAt: Date | null;
}

@ObjectType('ConsentEvent', { description: 'One entry of your consent ledger.' })
export class ConsentEventType {
  @Field(() => ID, { description: 'Also the consent receipt id, for a grant.' }) id: string;
  @Field(() => ConsentPurposeEnum) purpose: ConsentPurpose;
  @Field(() => ConsentActionEnum) action: ConsentAction;
  @Field(() => String) termsVersion: string;
  @Field(() => GraphQLDateTime) occurredAt: Date;
  @Field(() => String) source: string;
  /** Resolved by ConsentEventResolver; kept off the class's data. */
  influencerId?: string;
}

@ObjectType({ description: 'Whether agencies can find you right now, and if not, why.' })
export class ListingStatus {
  @Field(() => Boolean) listable: boolean;
  @Field(() => [NotListedReasonEnum]) reasons: NotListedReason[];
  @Field(() => [String], { description: 'The reasons in words, with what you can do.' }) explanations: string[];
  @Field(() => Boolean, { description: 'Listed, and CONTACT consent is active.' }) contactable: boolean;
}

@ObjectType({ description: 'Your own account: everything Permission holds about you.' })
export class Me {
  @Field(() => ID) id: string;
  @Field(() => String) email: string;
  @Field(() => String) displayName: string;
  @Field(() => String) bio: string;
  @Field(() => String, { description: 'YYYY-MM-DD' }) birthDate: string;
  @Field(() => String, { nullable: true }) country: string | null;
  @Field(() => String, { nullable: true }) city: string | null;
  @Field(() => [String]) languages: string[];
  @Field(() => AccountStatusEnum) status: Uppercase<AccountStatus>;
  @Field(() => GraphQLDateTime) createdAt: Date;
  // resolved by field resolvers
  @Field(() => [OwnTopic]) topics: OwnTopic[];
  @Field(() => [OwnSocialAccount]) accounts: OwnSocialAccount[];
  @Field(() => [ConsentStateType]) consents: ConsentStateType[];
  @Field(() => [ConsentEventType]) consentHistory: ConsentEventType[];
  @Field(() => ListingStatus) listing: ListingStatus;
  @Field(() => [Notice], { description: 'What Permission told you, newest first (the last 50).' }) notices: Notice[];
}

@ObjectType()
export class AuthPayload {
  @Field(() => Me, { nullable: true }) me: Me | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@ObjectType({
  description:
    'The same answer whether or not the email has an account: a code is mailed to it (or, when it has one, a note telling its owner). confirmSignUp with that code makes the account.',
})
export class SignUpPayload {
  @Field(() => String, { nullable: true, description: 'Where the code went; null when userErrors say what to fix.' }) codeSentTo: string | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@ObjectType()
export class ProfilePayload {
  @Field(() => Me, { nullable: true }) me: Me | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@ObjectType()
export class SocialAccountPayload {
  @Field(() => OwnSocialAccount, { nullable: true }) account: OwnSocialAccount | null;
  @Field(() => Me, { nullable: true }) me: Me | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@ObjectType()
export class ConsentPayload {
  @Field(() => ConsentStateType, { nullable: true }) consent: ConsentStateType | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The consent receipt of this grant (Kantara Consent Receipt v1.1 fields).' })
  receipt: Record<string, unknown> | null;
  @Field(() => Me, { nullable: true }) me: Me | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@ObjectType()
export class DeletePayload {
  @Field(() => Boolean) deleted: boolean;
  @Field(() => [UserError]) userErrors: UserError[];
}
