import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An influencer's portal session; the cookie holds the token, the database only its SHA-256. */
@Entity('session')
export class Session {
  @PrimaryColumn({ name: 'token_hash', type: 'text' }) tokenHash: string;
  @Column({ name: 'influencer_id', type: 'uuid' }) influencerId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
}
