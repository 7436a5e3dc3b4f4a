import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { SocialAccount } from './social-account.entity';
import type { InfluencerTopic } from './influencer-topic.entity';

import { ACCOUNT_STATUSES, type AccountStatus } from '../domain/account-status';

/** The account holder. Personal data lives here and in the rows that cascade from it. */
@Entity('influencer')
export class Influencer {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'citext', unique: true }) email: string;
  @Column({ name: 'password_hash', type: 'text', select: false }) passwordHash: string;
  @Column({ name: 'display_name', type: 'text' }) displayName: string;
  @Column({ type: 'text', default: '' }) bio: string;
  /** ISO date (YYYY-MM-DD), kept as a string: a birth date has no time zone. */
  @Column({ name: 'birth_date', type: 'date' }) birthDate: string;
  @Column({ type: 'char', length: 2, nullable: true }) country: string | null;
  @Column({ type: 'text', nullable: true }) city: string | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) languages: string[];
  @Column({ type: 'enum', enum: ACCOUNT_STATUSES as unknown as string[], enumName: 'influencer_status', default: 'active' })
  status: AccountStatus;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  /** When something agencies see of this person last changed (a trigger moves it for public fields). */
  @Column({ name: 'profile_updated_at', type: 'timestamptz' }) profileUpdatedAt: Date;
  @OneToMany('SocialAccount', 'influencer') accounts?: SocialAccount[];
  @OneToMany('InfluencerTopic', 'influencer') topics?: InfluencerTopic[];
}
