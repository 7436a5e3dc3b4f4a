/**
 * The abuse limits at the edge, one Apollo plugin: after the operation is parsed and validated
 * (graphql-armor has refused too many aliases, too deep, too many tokens or directives, and the
 * auth-mutation rule too many sign-ins), its cost is estimated; above the maximum it is refused
 * before execution. An agency's key then pays the cost from its budget per minute, with
 * `RateLimit-*` headers on every answer; callers without a key pay one request per address.
 * The cost is reported in `extensions.cost`, requested and actual, as Shopify does.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { GraphQLContext } from '../context';
import { RateLimitedError, TooComplexError } from '../domain/errors';
import { actualCost, estimateCost, type CostEstimate } from './query-cost';
import type { Budget, RateLimits } from './rate-limits';

export function limitsPlugin(schema: GraphQLSchema, limits: RateLimits): ApolloServerPlugin<GraphQLContext> {
  const max = limits.config.maxQueryCost;
  return {
    async requestDidStart() {
      let estimate: CostEstimate | null = null;
      let budget: Budget | null = null;
      let agencyBudget = false;
      return {
        async didResolveOperation({ document, request, operationName, contextValue: ctx }) {
          estimate = estimateCost(schema, document, request.variables, operationName ?? undefined);
          agencyBudget = !!ctx.agency;
          if (!estimate) return; // variables that do not fit: graphql-js refuses it, nothing runs
          if (estimate.requested > max) {
            if (ctx.agency) budget = await limits.agency.peek(ctx.agency.apiKeyId);
            throw new TooComplexError(`This operation would cost ${estimate.requested} points; the most one request may cost is ${max}. Ask for fewer items (first) or fields.`, estimate.requested, max);
          }
          try {
            if (ctx.agency) {
              budget = await limits.agency.spend(ctx.agency.apiKeyId, Math.max(1, estimate.requested), (wait) => `This API key has spent its ${limits.agency.points} points for this minute; try again in ${wait} s.`);
            } else if (!ctx.influencerId) {
              await limits.anonymous.spend(ctx.req.ip ?? 'unknown', 1, (wait) => `Too many requests from this address; try again in ${wait} s.`);
            }
          } catch (err) {
            if (err instanceof RateLimitedError && err.budget && agencyBudget) budget = err.budget;
            throw err;
          }
        },
        async willSendResponse({ response }) {
          if (budget) {
            response.http.headers.set('ratelimit-limit', String(budget.limit));
            response.http.headers.set('ratelimit-remaining', String(budget.remaining));
            response.http.headers.set('ratelimit-reset', String(budget.resetSeconds));
          }
          if (estimate && response.body.kind === 'single') {
            const result = response.body.singleResult;
            const actual = result.data ? actualCost(estimate, result.data) : 0;
            result.extensions = {
              ...result.extensions,
              cost: {
                requestedQueryCost: estimate.requested,
                actualQueryCost: actual,
                maximumQueryCost: max,
                ...(budget ? { throttleStatus: { maximumAvailable: budget.limit, currentlyAvailable: budget.remaining, restoreRate: budget.limit / 60 } } : {}),
              },
            };
          }
        },
      };
    },
  };
}
