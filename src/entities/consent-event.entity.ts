import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

import { CONSENT_ACTIONS, CONSENT_PURPOSES, type ConsentAction, type ConsentPurpose, type ConsentSource } from '../domain/consent';

/** One entry of the append-only consent ledger (the database refuses updates and deletes). */
@Entity('consent_event')
export class ConsentEvent {
  /** Also the consent receipt id of a grant. */
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'bigint', insert: false, update: false }) seq: string;
  @Column({ name: 'influencer_id', type: 'uuid' }) influencerId: string;
  @Column({ type: 'enum', enum: CONSENT_PURPOSES as unknown as string[], enumName: 'consent_purpose' }) purpose: ConsentPurpose;
  @Column({ type: 'enum', enum: CONSENT_ACTIONS as unknown as string[], enumName: 'consent_action' }) action: ConsentAction;
  @Column({ name: 'terms_version', type: 'text' }) termsVersion: string;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt: Date;
  @Column({ type: 'text' }) source: ConsentSource;
  @Column({ type: 'text', nullable: true }) jurisdiction: string | null;
  @Column({ name: 'collection_method', type: 'text' }) collectionMethod: string;
}
