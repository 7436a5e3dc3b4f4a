import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Influencer } from './influencer.entity';
import { PLATFORMS, type Platform } from '../domain/platform';
import {
  FOLLOWERS_SOURCES, VERIFICATION_METHODS, VERIFICATION_STATES,
  type FollowersSource, type RevokedReason, type VerificationMethod, type VerificationState,
} from '../domain/verification';

/** numeric columns come back from pg as strings; map them to numbers at the edge. */
export const numericTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

@Entity('social_account')
export class SocialAccount {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'influencer_id', type: 'uuid' }) influencerId: string;
  @ManyToOne('Influencer', 'accounts', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'influencer_id' })
  influencer?: Influencer;
  @Column({ type: 'enum', enum: PLATFORMS as unknown as string[], enumName: 'platform' }) platform: Platform;
  @Column({ type: 'text' }) handle: string;
  @Column({ type: 'text', nullable: true }) url: string | null;
  @Column({ type: 'integer' }) followers: number;
  @Column({ name: 'engagement_rate', type: 'numeric', precision: 7, scale: 6, nullable: true, transformer: numericTransformer })
  engagementRate: number | null;
  @Column({ name: 'is_private', type: 'boolean', default: false }) isPrivate: boolean;
  @Column({ name: 'connected_at', type: 'timestamptz', default: () => 'now()' }) connectedAt: Date;
  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true }) verifiedAt: Date | null;
  /** As stored; whether a VERIFIED one is still current is the rule's to say (its TTL). */
  @Column({ name: 'verification_status', type: 'enum', enum: VERIFICATION_STATES as unknown as string[], enumName: 'verification_status', default: 'UNVERIFIED' })
  verificationStatus: VerificationState;
  @Column({ name: 'verification_method', type: 'enum', enum: VERIFICATION_METHODS as unknown as string[], enumName: 'verification_method', nullable: true })
  verificationMethod: VerificationMethod | null;
  /** The one-time code to put in the public bio (profile-code verification), while PENDING. */
  @Column({ name: 'verification_code', type: 'text', nullable: true }) verificationCode: string | null;
  @Column({ name: 'revoked_reason', type: 'text', nullable: true }) revokedReason: RevokedReason | null;
  @Column({ name: 'oauth_state', type: 'text', nullable: true, select: false }) oauthState: string | null;
  @Column({ name: 'oauth_verifier', type: 'text', nullable: true, select: false }) oauthVerifier: string | null;
  @Column({ name: 'oauth_started_at', type: 'timestamptz', nullable: true }) oauthStartedAt: Date | null;
  /** Claimed while someone else's unverified public claim held the handle: hidden from agencies until verified. */
  @Column({ type: 'boolean', default: false }) contested: boolean;
  @Column({ name: 'followers_source', type: 'enum', enum: FOLLOWERS_SOURCES as unknown as string[], enumName: 'followers_source', default: 'SELF_REPORTED' })
  followersSource: FollowersSource;
  @Column({ name: 'followers_updated_at', type: 'timestamptz', default: () => 'now()' }) followersUpdatedAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
