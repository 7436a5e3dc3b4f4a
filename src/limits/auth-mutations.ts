/**
 * At most one authentication mutation (signIn, signUp) per request: aliases would otherwise let
 * one request try fifty passwords or create a hundred accounts, each with its own cookie.
 */
import { GraphQLError, Kind, type SelectionSetNode, type ValidationContext, type ASTVisitor } from 'graphql';

const AUTH_MUTATIONS = new Set(['signIn', 'signUp', 'confirmSignUp']);

export function maxAuthMutationsRule(max = 1) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      if (node.operation !== 'mutation') return;
      let count = 0;
      const seen = new Set<string>();
      const visit = (set: SelectionSetNode) => {
        for (const s of set.selections) {
          if (s.kind === Kind.FIELD && AUTH_MUTATIONS.has(s.name.value)) count++;
          else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet);
          else if (s.kind === Kind.FRAGMENT_SPREAD && !seen.has(s.name.value)) {
            seen.add(s.name.value);
            const fragment = context.getFragment(s.name.value);
            if (fragment) visit(fragment.selectionSet);
          }
        }
      };
      visit(node.selectionSet);
      if (count > max) {
        context.reportError(new GraphQLError(`At most ${max} signIn, signUp or confirmSignUp per request (this one has ${count}).`, { nodes: [node] }));
      }
    },
  });
}

/** This API has no subscriptions: say so at validation instead of failing at execution. */
export function noSubscriptionsRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (node.operation === 'subscription' && !context.getSchema().getSubscriptionType()) {
        context.reportError(new GraphQLError('This API has no subscriptions.', { nodes: [node] }));
      }
    },
  };
}
