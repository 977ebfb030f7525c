const path = require('node:path');
const { nodeBundle } = require('../../../scripts/node-bundle.webpack.cjs');

/** `npm run graphql-schema` bundles write-schema.ts like the other Node programs (into node_modules/.cache), then runs it. */
module.exports = nodeBundle({
  context: __dirname,
  entry: { 'write-schema': './write-schema.ts' },
  outputPath: path.resolve(__dirname, '../../../node_modules/.cache/graphql-schema'),
  mode: 'development',
});
