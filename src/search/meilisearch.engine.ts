/**
 * `SearchEngine` over Meilisearch, through the official `meilisearch` client (0.62).
 *
 * Every write waits for its Meilisearch task and throws unless the task succeeded: when `upsert`,
 * `delete` or `clear` resolve, the change is applied and visible to searches (the outbox relies on
 * this before it marks an event as done). Waits time out after `taskTimeoutMs` with the client's
 * `MeilisearchTaskTimeOutError`.
 *
 * The `meilisearch` package is ESM-only. Under this project's CommonJS build it is `require`d lazily,
 * when an engine is built without an injected `client` (Node >= 20.19 can `require` ES modules);
 * Jest's module loader cannot, so code running under Jest must pass `client` (or a fake of it).
 */
// tsc resolves this type-only import through `resolution-mode` (the package has no CommonJS entry);
// ts-jest's module host ignores that attribute, and the ignore keeps Jest compiling (types become `any` there only).
// @ts-ignore TS2307 under ts-jest only
import type { EnqueuedTaskPromise, Index, Meilisearch, Task, WaitOptions } from 'meilisearch' with { 'resolution-mode': 'import' };

import {
  buildSearchParams,
  MEILI_PRIMARY_KEY,
  MEILI_SETTINGS,
  type MeiliDocument,
  toMeiliDocument,
  toSearchResponse,
} from './meilisearch.request';
import type { SearchDocument, SearchEngine, SearchRequest, SearchResponse } from './search-engine';

/** The part of the package's runtime exports that is used. */
interface MeilisearchModule {
  Meilisearch: typeof Meilisearch;
}

export interface MeilisearchEngineOptions {
  /** Base URL of the Meilisearch server, e.g. `http://127.0.0.1:7700`. */
  host: string;
  apiKey?: string;
  /** Index uid; default `influencers`. */
  indexName?: string;
  /** Longest wait for one task (settings, one batch, a deletion), in ms; default 60000; < 1 waits forever. */
  taskTimeoutMs?: number;
  /** Task polling interval in ms; default 50. */
  taskPollIntervalMs?: number;
  /** Timeout of each HTTP request in ms; default: none (the client's default). */
  requestTimeoutMs?: number;
  /** Documents (or ids) per write request; default 1000. */
  batchSize?: number;
  /** Page size of `listIds`; default 1000. */
  listPageSize?: number;
  /** A ready client to use instead of building one from host/apiKey (tests, Jest). */
  client?: Meilisearch;
}

export const DEFAULT_INDEX_NAME = 'influencers';
const DEFAULT_TASK_TIMEOUT_MS = 60_000;
const DEFAULT_TASK_POLL_INTERVAL_MS = 50;
const DEFAULT_BATCH_SIZE = 1000;
const DEFAULT_LIST_PAGE_SIZE = 1000;

/** A Meilisearch task ended in another state than `succeeded`. */
export class MeilisearchTaskFailedError extends Error {
  readonly taskUid: number;
  readonly status: Task['status'];
  /** Meilisearch error code, e.g. `invalid_document_id`, or null. */
  readonly code: string | null;

  constructor(operation: string, task: Task) {
    const reason = task.error !== null ? `${task.error.code}: ${task.error.message}` : `status ${task.status}`;
    super(`Meilisearch ${operation} failed (task ${task.uid}, ${task.status}): ${reason}`);
    this.name = 'MeilisearchTaskFailedError';
    this.taskUid = task.uid;
    this.status = task.status;
    this.code = task.error?.code ?? null;
  }
}

/** The Meilisearch error code carried by an API error (`MeilisearchApiError.cause.code`) or failed task. */
function errorCode(error: unknown): string | null {
  if (error instanceof MeilisearchTaskFailedError) return error.code;
  if (typeof error === 'object' && error !== null && 'cause' in error) {
    const cause: unknown = (error as { cause: unknown }).cause;
    if (typeof cause === 'object' && cause !== null && 'code' in cause) {
      const code: unknown = (cause as { code: unknown }).code;
      if (typeof code === 'string') return code;
    }
  }
  return null;
}

const INDEX_NOT_FOUND = 'index_not_found';

function loadClientModule(): MeilisearchModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('meilisearch') as MeilisearchModule;
}

function positiveInteger(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${what} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class MeilisearchEngine implements SearchEngine {
  readonly name = 'meilisearch' as const;
  readonly indexName: string;

  private readonly client: Meilisearch;
  private readonly index: Index<MeiliDocument>;
  private readonly waitOptions: WaitOptions;
  private readonly batchSize: number;
  private readonly listPageSize: number;

  constructor(options: MeilisearchEngineOptions) {
    this.indexName = options.indexName ?? DEFAULT_INDEX_NAME;
    this.waitOptions = {
      timeout: options.taskTimeoutMs ?? DEFAULT_TASK_TIMEOUT_MS,
      interval: options.taskPollIntervalMs ?? DEFAULT_TASK_POLL_INTERVAL_MS,
    };
    this.batchSize = positiveInteger(options.batchSize, DEFAULT_BATCH_SIZE, 'batchSize');
    this.listPageSize = positiveInteger(options.listPageSize, DEFAULT_LIST_PAGE_SIZE, 'listPageSize');
    this.client =
      options.client ??
      new (loadClientModule().Meilisearch)({
        host: options.host,
        apiKey: options.apiKey,
        timeout: options.requestTimeoutMs,
        defaultWaitOptions: this.waitOptions,
      });
    this.index = this.client.index<MeiliDocument>(this.indexName);
  }

  /** Waits for an enqueued task; throws `MeilisearchTaskFailedError` unless it succeeded. */
  private async run(operation: string, enqueued: EnqueuedTaskPromise): Promise<Task> {
    const task = await enqueued.waitTask(this.waitOptions);
    if (task.status !== 'succeeded') throw new MeilisearchTaskFailedError(operation, task);
    return task;
  }

  /** The index's primary key, `undefined` if it has none yet, or `null` if the index does not exist. */
  private async primaryKey(): Promise<string | undefined | null> {
    try {
      const raw = await this.client.getRawIndex(this.indexName);
      return raw.primaryKey ?? undefined;
    } catch (error) {
      if (errorCode(error) === INDEX_NOT_FOUND) return null;
      throw error;
    }
  }

  async applySettings(): Promise<void> {
    let primaryKey = await this.primaryKey();
    if (primaryKey === null) {
      try {
        await this.run(
          `creation of index ${this.indexName}`,
          this.client.createIndex(this.indexName, { primaryKey: MEILI_PRIMARY_KEY }),
        );
      } catch (error) {
        // Created concurrently by another instance: fine, its primary key is checked below.
        if (errorCode(error) !== 'index_already_exists') throw error;
      }
      primaryKey = await this.primaryKey();
    }
    if (primaryKey === null) {
      throw new Error(`Meilisearch index ${this.indexName} does not exist after its creation`);
    }
    if (primaryKey === undefined) {
      await this.run(
        `setting the primary key of ${this.indexName}`,
        this.client.updateIndex(this.indexName, { primaryKey: MEILI_PRIMARY_KEY }),
      );
    } else if (primaryKey !== MEILI_PRIMARY_KEY) {
      throw new Error(
        `Meilisearch index ${this.indexName} has primary key ${primaryKey}, expected ${MEILI_PRIMARY_KEY}`,
      );
    }
    await this.run(`settings update of ${this.indexName}`, this.index.updateSettings(MEILI_SETTINGS));
  }

  async upsert(docs: SearchDocument[]): Promise<void> {
    // Convert everything first: an invalid document fails the call before anything is written.
    const documents = docs.map(toMeiliDocument);
    for (const batch of chunks(documents, this.batchSize)) {
      await this.run(
        `upsert of ${batch.length} documents into ${this.indexName}`,
        this.index.addDocuments(batch, { primaryKey: MEILI_PRIMARY_KEY }),
      );
    }
  }

  async delete(ids: string[]): Promise<void> {
    const unique = [...new Set(ids)];
    for (const batch of chunks(unique, this.batchSize)) {
      try {
        await this.run(`deletion of ${batch.length} documents from ${this.indexName}`, this.index.deleteDocuments(batch));
      } catch (error) {
        // No index means no such documents: deleting them is already done.
        if (errorCode(error) !== INDEX_NOT_FOUND) throw error;
      }
    }
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    const params = buildSearchParams(request);
    const result = await this.index.search<MeiliDocument, typeof params>(params.q, params);
    return toSearchResponse(result, request);
  }

  async ping(): Promise<void> {
    await this.client.health();
  }

  async listIds(): Promise<string[]> {
    const ids = new Set<string>();
    for (let offset = 0; ; offset += this.listPageSize) {
      let page: { results: Pick<MeiliDocument, 'id'>[]; total: number };
      try {
        page = await this.index.getDocuments<Pick<MeiliDocument, 'id'>>({
          fields: [MEILI_PRIMARY_KEY],
          offset,
          limit: this.listPageSize,
        });
      } catch (error) {
        if (errorCode(error) === INDEX_NOT_FOUND) return [];
        throw error;
      }
      for (const doc of page.results) ids.add(String(doc.id));
      if (page.results.length < this.listPageSize || offset + this.listPageSize >= page.total) break;
    }
    return [...ids];
  }

  async clear(): Promise<void> {
    try {
      await this.run(`clearing ${this.indexName}`, this.index.deleteAllDocuments());
    } catch (error) {
      if (errorCode(error) !== INDEX_NOT_FOUND) throw error;
    }
  }
}
