import { Field, ObjectType } from 'type-graphql';
import { UserErrorCodeEnum } from './enums';
import type { UserErrorCode } from '../domain/errors';

@ObjectType({ description: 'Something in the input the user can fix. Nothing was changed.' })
export class UserError {
  @Field(() => String, { nullable: true, description: 'The input field at fault, e.g. "birthDate" or "topics[2].slug".' })
  field: string | null;
  @Field(() => String) message: string;
  @Field(() => UserErrorCodeEnum) code: UserErrorCode;
}
