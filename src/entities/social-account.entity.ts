import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Influencer } from './influencer.entity';
import { PLATFORMS, type Platform } from '../domain/platform';

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
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
