// Operation types for the portal, generated from the checked-in schema.graphql: a schema change
// that breaks an operation of the portal fails codegen (unknown field) or tsc (changed type).
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['portal/src/**/*.{ts,tsx}', '!portal/src/gql/**'],
  ignoreNoDocuments: false,
  errorsOnly: true,
  generates: {
    'portal/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: { DateTime: 'string', JSONObject: 'Record<string, unknown>', SafeInt: 'number' },
      },
    },
  },
};
export default config;
