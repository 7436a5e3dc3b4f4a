import type { SeqPage } from '../domain/paging';
import type { PageInfo } from './search.type';

/** Relay PageInfo of a forward page. */
export function pageInfoOf(page: Pick<SeqPage<unknown>, 'items' | 'hasNextPage'>, after: string | null): PageInfo {
  return {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: after != null,
    startCursor: page.items[0]?.cursor ?? null,
    endCursor: page.items.at(-1)?.cursor ?? null,
  };
}

/**
 * The price of a nested connection field (type-graphql `complexity`): like a root connection, its
 * page size times one edge, so `extensions.cost` and the maximum see it.
 */
export const connectionComplexity = ({ args, childComplexity }: { args: Record<string, unknown>; childComplexity: number }): number =>
  2 + Math.min(Math.max(Number(args.first) || 1, 1), 100) * childComplexity;
