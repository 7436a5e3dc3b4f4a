/**
 * The GraphQL-over-HTTP specification, audited by graphql-http's own `auditServer` against the
 * real server: every MUST passes (SHOULDs are printed, not required).
 */
import { auditServer } from 'graphql-http';
import { createTestStack, type TestStack } from '../support/test-app';

describe('GraphQL over HTTP audit (graphql-http)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await createTestStack();
  });
  afterAll(() => stack.close());

  it('passes every MUST', async () => {
    const results = await auditServer({ url: `${stack.server.url}/graphql` });
    const musts = results.filter((r) => r.name.startsWith('MUST'));
    expect(musts.length).toBeGreaterThan(10);
    const failed = musts.filter((r) => r.status !== 'ok').map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`);
    expect(failed).toEqual([]);
    const notes = results.filter((r) => r.status !== 'ok' && !r.name.startsWith('MUST'));
    if (notes.length) console.log(`[graphql-http audit] ${notes.length} SHOULD/MAY not met:\n${notes.map((r) => `  ${r.name}`).join('\n')}`);
  });
});
