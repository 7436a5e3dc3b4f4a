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
