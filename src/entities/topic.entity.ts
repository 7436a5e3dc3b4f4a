import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The curated taxonomy (two levels: groups and topics), shipped as data in src/data. */
@Entity('topic')
export class Topic {
  @PrimaryColumn({ type: 'text' }) slug: string;
  @Column({ type: 'text' }) name: string;
  @Column({ name: 'parent_slug', type: 'text', nullable: true }) parentSlug: string | null;
}
