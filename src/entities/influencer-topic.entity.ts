import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Influencer } from './influencer.entity';
import { numericTransformer } from './social-account.entity';

@Entity('influencer_topic')
export class InfluencerTopic {
  @PrimaryColumn({ name: 'influencer_id', type: 'uuid' }) influencerId: string;
  @PrimaryColumn({ name: 'topic_slug', type: 'text' }) topicSlug: string;
  @ManyToOne('Influencer', 'topics', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'influencer_id' })
  influencer?: Influencer;
  /** How much of the influencer's content is about this topic, by their own account: (0, 1]. */
  @Column({ type: 'numeric', precision: 3, scale: 2, transformer: numericTransformer }) weight: number;
}
