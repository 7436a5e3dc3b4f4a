/**
 * The taxonomy in memory: it is small (under 200 rows) and read on every search, so it is loaded
 * from the database once at start-up.
 */
import type { DataSource } from 'typeorm';
import { foldedWords } from '../domain/text';
import { Topic } from '../entities/topic.entity';

export class TopicCatalog {
  private bySlug = new Map<string, Topic>();
  private words = new Map<string, string[]>();

  static async load(ds: DataSource): Promise<TopicCatalog> {
    const catalog = new TopicCatalog();
    catalog.set(await ds.getRepository(Topic).find({ order: { slug: 'ASC' } }));
    return catalog;
  }

  set(topics: Topic[]): void {
    this.bySlug = new Map(topics.map((t) => [t.slug, t]));
    this.words = new Map(topics.map((t) => [t.slug, foldedWords(t.name)]));
  }

  /** The folded words of a topic's name (what a query word is matched against), computed once. */
  nameWords(slug: string): string[] {
    return this.words.get(slug) ?? [];
  }

  all(): Topic[] {
    return [...this.bySlug.values()];
  }

  get(slug: string): Topic | undefined {
    return this.bySlug.get(slug);
  }

  /** The topic and its ancestors, nearest first. */
  lineage(slug: string): Topic[] {
    const out: Topic[] = [];
    let t = this.bySlug.get(slug);
    while (t && out.length < 10) {
      out.push(t);
      t = t.parentSlug ? this.bySlug.get(t.parentSlug) : undefined;
    }
    return out;
  }
}
