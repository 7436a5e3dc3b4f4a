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

@ObjectType()
export class FacetCount {
  @Field(() => String) value: string;
  @Field(() => String, { description: 'A readable name: the topic name, country or language in English.' }) label: string;
  @Field(() => Int) count: number;
}

@ObjectType({ description: 'Counts over the whole filtered result, not just this page.' })
export class SearchFacets {
  @Field(() => [FacetCount]) topics: FacetCount[];
  @Field(() => [FacetCount]) platforms: FacetCount[];
  @Field(() => [FacetCount]) countries: FacetCount[];
  @Field(() => [FacetCount]) languages: FacetCount[];
}

@ObjectType()
export class InfluencerSearchConnection {
  @Field(() => [InfluencerSearchEdge]) edges: InfluencerSearchEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
  @Field(() => SearchFacets) facets: SearchFacets;
}
