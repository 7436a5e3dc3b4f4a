/**
 * Prometheus metrics from prom-client, served at GET /metrics:
 * - GraphQL request duration by operation name and type, errors by code;
 * - the outbox: depth, age of the oldest event (how far the index is behind), events retrying;
 * - the indexer's throughput and failures, at the engine boundary (documents written / failed);
 * - stale hits dropped by the read path (the engine returned someone no longer listable);
 * - bulk index writes whose facet counts wait for a fold (src/search/facet-counts.ts);
 * - the default process metrics (memory, CPU, event loop lag, file descriptors, GC).
 * The outbox series keep the names they had before prom-client.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { SearchEngine } from '../search/search-engine';
import { pendingFolds } from '../search/facet-counts';

/** Series shared by every App in the process (one in production; tests make several). */
export const sharedRegistry = new Registry();
collectDefaultMetrics({ register: sharedRegistry });

export const graphqlDuration = new Histogram({
  name: 'permission_graphql_request_duration_seconds',
  help: 'GraphQL requests by operation name and type, from receipt to response.',
  labelNames: ['operation', 'type'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [sharedRegistry],
});

export const graphqlErrors = new Counter({
  name: 'permission_graphql_errors_total',
  help: 'Errors returned in GraphQL responses, by code (INTERNAL_SERVER_ERROR for anything unexpected).',
  labelNames: ['code'] as const,
  registers: [sharedRegistry],
});

export const indexDocuments = new Counter({
  name: 'permission_indexer_documents_total',
  help: 'Documents the indexer wrote to the search engine, by operation (upsert, delete): its throughput.',
  labelNames: ['op'] as const,
  registers: [sharedRegistry],
});

export const indexFailures = new Counter({
  name: 'permission_indexer_engine_failures_total',
  help: 'Failed writes to the search engine, by operation (the events stay in the outbox and are retried).',
  labelNames: ['op'] as const,
  registers: [sharedRegistry],
});

export const searchFailures = new Counter({
  name: 'permission_search_engine_failures_total',
  help: 'Failed searches in the engine (answered SEARCH_UNAVAILABLE).',
  registers: [sharedRegistry],
});

export const staleHitsDropped = new Counter({
  name: 'permission_search_stale_hits_dropped_total',
  help: 'Search hits dropped by the read path because the person is not listable now (the index was behind).',
  registers: [sharedRegistry],
});

/** Operation names are the client's choice: keep the label's values few and harmless. */
const MAX_OPERATIONS = 100;
const seenOperations = new Set<string>();
export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'other';
  if (seenOperations.has(name)) return name;
  if (seenOperations.size >= MAX_OPERATIONS) return 'other';
  seenOperations.add(name);
  return name;
}

/** The engine, counting what goes through it. Everything else is passed on unchanged. */
export function meteredEngine(engine: SearchEngine): SearchEngine {
  const count = async <T>(op: 'upsert' | 'delete', n: number, run: () => Promise<T>): Promise<T> => {
    try {
      const result = await run();
      indexDocuments.inc({ op }, n);
      return result;
    } catch (err) {
      indexFailures.inc({ op });
      throw err;
    }
  };
  return new Proxy(engine, {
    get(target, prop, receiver) {
      if (prop === 'upsert') return (docs: Parameters<SearchEngine['upsert']>[0]) => count('upsert', docs.length, () => target.upsert(docs));
      if (prop === 'delete') return (ids: string[]) => count('delete', ids.length, () => target.delete(ids));
      if (prop === 'search') {
        return async (request: Parameters<SearchEngine['search']>[0]) => {
          try {
            return await target.search(request);
          } catch (err) {
            searchFailures.inc();
            throw err;
          }
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export interface MetricsSource {
  ds: DataSource;
  queue: { stats(db: DataSource): Promise<{ pending: number; oldestSeconds: number; retrying: number; deadLetters: number }> };
  indexer: { consecutiveEngineFailures: number };
}

/** The series of one running App (its database's outbox), next to the shared ones. */
export function createMetrics(app: MetricsSource): { contentType: string; render(): Promise<string> } {
  const own = new Registry();
  const pending = new Gauge({ name: 'permission_outbox_pending', help: 'Outbox events not yet applied to the search index.', registers: [own] });
  const oldest = new Gauge({ name: 'permission_outbox_oldest_seconds', help: 'Age of the oldest pending outbox event (index lag).', registers: [own] });
  const retrying = new Gauge({ name: 'permission_outbox_retrying', help: 'Pending events that failed at least once.', registers: [own] });
  const dead = new Gauge({
    name: 'permission_outbox_dead_letters',
    help: 'People whose outbox events gave up after repeated failures (npm run cli -- outbox:retry).',
    registers: [own],
  });
  const folds = new Gauge({
    name: 'permission_search_facet_folds_pending',
    help: 'Bulk index writes whose topic, country and language facet counts wait for a fold (folded within seconds; a number that stays up means folds fail).',
    registers: [own],
  });
  const databaseUp = new Gauge({ name: 'permission_database_up', help: '1 when the database answered this scrape, else 0 (the outbox series are then NaN).', registers: [own] });
  new Gauge({
    name: 'permission_indexer_consecutive_failures',
    help: 'Indexer batches in a row in which the search engine took no write (engine down).',
    registers: [own],
    collect() {
      this.set(app.indexer.consecutiveEngineFailures);
    },
  });
  const outbox = async () => {
    try {
      const [o, f] = await Promise.all([app.queue.stats(app.ds), pendingFolds(app.ds)]);
      folds.set(f);
      pending.set(o.pending);
      oldest.set(o.oldestSeconds);
      retrying.set(o.retrying);
      dead.set(o.deadLetters);
      databaseUp.set(1);
    } catch {
      for (const g of [pending, oldest, retrying, dead, folds]) g.set(Number.NaN);
      databaseUp.set(0);
    }
  };
  return {
    contentType: own.contentType,
    async render() {
      await outbox();
      return (await sharedRegistry.metrics()) + '\n' + (await own.metrics());
    },
  };
}
