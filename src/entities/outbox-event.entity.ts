import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Written by database triggers in the same transaction as the change; drained by the indexer. */
@Entity('outbox_event')
export class OutboxEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'influencer_id', type: 'uuid' }) influencerId: string;
  @Column({ type: 'text' }) reason: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'integer' }) attempts: number;
  @Column({ name: 'available_at', type: 'timestamptz' }) availableAt: Date;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
}
