import { Client, cacheExchange, fetchExchange } from '@urql/core';

/**
 * Same-origin requests with the session cookie (SameSite=Lax, httpOnly). Every request is a POST
 * with a JSON body and an `apollo-require-preflight` header: a page on another site cannot send
 * either without a CORS preflight, which the API does not grant, so it cannot act as you (CSRF).
 */
export const client = new Client({
  url: '/graphql',
  exchanges: [cacheExchange, fetchExchange],
  preferGetMethod: false,
  requestPolicy: 'cache-and-network',
  fetchOptions: () => ({ credentials: 'same-origin', headers: { 'apollo-require-preflight': 'true' } }),
});
