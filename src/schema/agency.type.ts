import { Field, ObjectType } from 'type-graphql';
import { ApiScopeEnum } from './enums';
import type { ApiScope } from '../domain/agency';

@ObjectType({ description: 'An agency, as its name.' })
export class AgencyType {
  @Field(() => String) name: string;
}

@ObjectType({ description: 'The API key of this request: its public prefix (pk_<prefix>_...) and what it may do.' })
export class ApiKeyInfo {
  @Field(() => String) prefix: string;
  @Field(() => [ApiScopeEnum]) scopes: ApiScope[];
}

@ObjectType({ description: 'Who is calling. With an agency API key: the agency and the key; otherwise both are null.' })
export class Viewer {
  @Field(() => AgencyType, { nullable: true }) agency: AgencyType | null;
  @Field(() => ApiKeyInfo, { nullable: true }) apiKey: ApiKeyInfo | null;
}
