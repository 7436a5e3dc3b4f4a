/**
 * What an operation costs, before it runs (graphql-query-complexity walks the document with the
 * variables): a leaf field costs 0, an object 1 plus its fields, a root connection 2 plus its
 * page-level fields plus `first` times one edge, a field with its own `complexity` (type-graphql
 * option) what that says. Like
 * Shopify's and GitHub's, so an agency can read a query's price in `extensions.cost`.
 */
import { getComplexity, fieldExtensionsEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { getNamedType, GraphQLError, isLeafType, type DocumentNode, type GraphQLSchema } from 'graphql';

/** A connection field's price: its page size times what one edge asks for. */
export interface ConnectionCost {
  /** The response key (alias or name) of a root connection field. */
  key: string;
  first: number;
  perEdge: number;
}

export interface CostEstimate {
  requested: number;
  /** Root connections, so the actual cost can be told from how many edges came back. */
  connections: ConnectionCost[];
}

const leafOrObject: ComplexityEstimator = ({ field, childComplexity }) => (isLeafType(getNamedType(field.type)) ? 0 : 1 + childComplexity);

/**
 * The estimate, or null when the variables do not fit the operation: then nothing runs (graphql-js
 * answers BAD_USER_INPUT when it coerces them) and there is nothing to price.
 */
export function estimateCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined): CostEstimate | null {
  const connections: ConnectionCost[] = [];
  // Estimators run children first: a connection's `edges` is priced just before the connection,
  // which multiplies that part alone by `first` (pageInfo, totalCount and facets come once).
  let pendingEdges = 0;
  const recordEdges: ComplexityEstimator = ({ field, type, childComplexity }) => {
    if (field.name === 'edges' && type.name.endsWith('Connection')) pendingEdges += 1 + childComplexity;
    return undefined;
  };
  const recordConnections: ComplexityEstimator = ({ field, node, args, childComplexity, type }) => {
    if (type === schema.getQueryType() && field.args.some((a) => a.name === 'first')) {
      const first = typeof args.first === 'number' ? Math.min(Math.max(args.first, 1), 100) : 1;
      const perEdge = pendingEdges;
      pendingEdges = 0;
      connections.push({ key: node.alias?.value ?? node.name.value, first, perEdge });
      return 2 + (childComplexity - perEdge) + first * perEdge;
    }
    return undefined;
  };
  let requested: number;
  try {
    requested = getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      operationName,
      estimators: [recordEdges, recordConnections, fieldExtensionsEstimator(), leafOrObject],
    });
  } catch (err) {
    if (err instanceof GraphQLError) return null;
    throw err;
  }
  return { requested, connections };
}

/** The cost as it turned out: each root connection priced by the edges it returned. */
export function actualCost(estimate: CostEstimate, data: Record<string, unknown> | null | undefined): number {
  let cost = estimate.requested;
  for (const c of estimate.connections) {
    const value = data?.[c.key] as { edges?: unknown[] } | null | undefined;
    const returned = Array.isArray(value?.edges) ? value!.edges.length : 0;
    cost -= Math.max(0, c.first - returned) * c.perEdge;
  }
  return Math.max(0, cost);
}
