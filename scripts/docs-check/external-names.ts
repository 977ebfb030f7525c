/**
 * Names the docs write in backticks that belong to other software and that our code never spells out, with
 * the reason a doc names them. Every other code-like name in backticks must occur in the code.
 */
export const EXTERNAL_NAMES: Readonly<Record<string, string>> = {
  _rev: 'an RxDB document field the client strips before pushing (docs/client.md)',
  _meta: 'an RxDB document field the client strips before pushing (docs/client.md)',
  _attachments: 'an RxDB document field the client strips before pushing (docs/client.md)',
  bulkInsertToState: 'an RxDB storage-memory internal seen in a CPU profile (docs/benchmarks.md)',
  mergeSortedArrays: 'an RxDB storage-memory internal seen in a CPU profile (docs/benchmarks.md)',
  reshardCollection: 'a MongoDB admin command an operator may run (docs/deploy.md)',
  React: 'the UI library, named with its APIs (`React.lazy` in docs/client.md) that the code imports by themselves',
};

/** Files a doc names that a build writes under a name no source file has. */
export const GENERATED_PATHS: Readonly<Record<string, string>> = {
  'sw.js': 'the service worker that workbox-webpack-plugin writes into client/dist (client/webpack.config.cjs)',
  'manifest.webmanifest': 'the web app manifest client/webpack.config.cjs emits into client/dist',
};
