/**
 * graphql-js decides once, when it is first loaded, whether it runs its development checks (an
 * `instanceof` that looks for a second copy of graphql on every type check, ~9% of the server's
 * CPU on simple requests). It reads NODE_ENV for that, and NODE_ENV also decides this app's own
 * production behaviour (no demo data, no demo key in GraphiQL, secure cookies). The server loads
 * graphql in production mode whatever NODE_ENV says, and leaves NODE_ENV as it was for the rest.
 * Imported first by src/main.ts; tests (ts-jest) keep graphql's checks.
 */
const nodeEnv = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('graphql');
} finally {
  if (nodeEnv === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = nodeEnv;
}

export {};
