/**
 * A bare Apollo Server (standalone, a one-field schema), the yardstick for `{ __typename }`:
 * `node dist/bench/bare-apollo.js <port>` prints "ready" once it listens.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

async function main() {
  const server = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } });
  await startStandaloneServer(server, { listen: { port: Number(process.argv[2]), host: '127.0.0.1' } });
  console.log('ready');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
