import { Field, Float, Int, ObjectType } from 'type-graphql';
import { InfluencerType } from './influencer.type';
import { TopicMatchSourceEnum } from './enums';
import { TopicType } from './topic.type';

@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage: boolean;
  @Field(() => Boolean) hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

@ObjectType({ description: 'Why this influencer matched on a topic, and how strongly. There is no global score.' })
export class TopicMatch {
  @Field(() => TopicType) topic: TopicType;
  @Field(() => Float, { description: "The influencer's own weight for the topic, (0, 1]." }) weight: number;
  @Field(() => [TopicMatchSourceEnum]) matchedBy: Array<'FILTER' | 'QUERY'>;
  @Field(() => String, { description: 'The evidence, in words.' }) evidence: string;
}

@ObjectType()
export class InfluencerSearchEdge {
  @Field(() => String) cursor: string;
  @Field(() => InfluencerType) node: InfluencerType;
  @Field(() => [TopicMatch]) matchedTopics: TopicMatch[];
}

@ObjectType('FacetCount')
export class FacetCountType {
  @Field(() => String) value: string;
  @Field(() => String, { description: 'A readable name: the topic name, country or language in English.' }) label: string;
  @Field(() => Int) count: number;
}

@ObjectType('SearchFacets', { description: 'Counts over the whole filtered result, not just this page.' })
export class SearchFacetsType {
  @Field(() => [FacetCountType]) topics: FacetCountType[];
  @Field(() => [FacetCountType]) platforms: FacetCountType[];
  @Field(() => [FacetCountType]) countries: FacetCountType[];
  @Field(() => [FacetCountType]) languages: FacetCountType[];
  @Field(() => [FacetCountType], { description: 'value "true": at least one verified public account; "false": none.' }) verified: FacetCountType[];
}

@ObjectType()
export class InfluencerSearchConnection {
  @Field(() => [InfluencerSearchEdge]) edges: InfluencerSearchEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int, {
    description:
      'Matches over all pages. Counted by the search index, less the stale hits this request met. The index follows ' +
      'consent changes within moments (its lag is /metrics permission_outbox_oldest_seconds); until it has, the count ' +
      'may still include someone who stopped being listable and whom this request did not reach. Edges never hold such a person.',
  })
  totalCount: number;
  @Field(() => Boolean, {
    description:
      'True when totalCount is an estimate: large results (more than 1,000 matches, unless ranked by a query\'s relevance, ' +
      'or without a query and filtered by nothing or by one value of one condition, whose counts are kept) ' +
      'are counted from a sample, as Meilisearch\'s estimatedTotalHits are, so a search costs what its page costs. False: exact.',
  })
  totalCountIsEstimate: boolean;
  @Field(() => SearchFacetsType, {
    description:
      'Counts by the search index over the whole filtered result. Like totalCount, while the index lags they may count ' +
      'someone who just stopped being listable (a number only: never who).',
  })
  facets: SearchFacetsType;
}
