const path = require('node:path');
const fs = require('node:fs');
const webpack = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const MinimizerPlugin = require('minimizer-webpack-plugin');
const { InjectManifest } = require('workbox-webpack-plugin');
const crypto = require('node:crypto');
const { drawIcon } = require('./build/png-icon.cjs');
const { phoneManifest } = require('./build/phone-manifest.cjs');

// A plain stylesheet, emitted with a content hash: the server's CSP allows no inline style.
const STYLES = fs.readFileSync(path.resolve(__dirname, 'src/ui/styles.css'), 'utf8');
const STYLES_FILE = `assets/styles.${crypto.createHash('sha256').update(STYLES).digest('hex').slice(0, 12)}.css`;

// The About line shows the release, which is the root package's version.
const APP_VERSION = require('../package.json').version;

// The socket only ever uses WebSocket: build/websocket-transport-only.mjs replaces engine.io-client's transport table.
const ENGINE_IO = path.dirname(require.resolve('engine.io-client/package.json'));
// RxDB's cross-tab messages only ever use the native BroadcastChannel: build/native-broadcast-channel-only.mjs
// replaces broadcast-channel's method chooser.
const BROADCAST_CHANNEL = path.resolve(__dirname, '../node_modules/broadcast-channel');
// RxDB's query matching runs without mingo: build/small-query-matcher.ts replaces rxdb's mingo module and mingo's compare.
const RXDB = path.dirname(require.resolve('rxdb/package.json'));
const SMALL_QUERY_MATCHER = path.resolve(__dirname, 'build/small-query-matcher.ts');

const THEME_COLOR = '#2563eb';
const BACKGROUND_COLOR = '#ffffff';

const swcRule = {
  test: /\.tsx?$/,
  exclude: /node_modules/,
  use: {
    loader: 'swc-loader',
    options: {
      jsc: {
        parser: { syntax: 'typescript', tsx: true },
        target: 'es2022',
        transform: { react: { runtime: 'automatic' } },
      },
    },
  },
};

/** Icons are drawn in code (build/png-icon.cjs) and the manifest is written here: one place for both. */
class AppManifestPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('AppManifestPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'AppManifestPlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        const icons = [
          { file: 'icons/icon-192.png', size: 192, purpose: 'any' },
          { file: 'icons/icon-512.png', size: 512, purpose: 'any' },
          { file: 'icons/maskable-512.png', size: 512, purpose: 'maskable' },
        ];
        for (const icon of icons) {
          const png = drawIcon(icon.size, { maskable: icon.purpose === 'maskable' });
          compilation.emitAsset(icon.file, new webpack.sources.RawSource(png));
        }
        compilation.emitAsset('icons/apple-touch-icon.png', new webpack.sources.RawSource(drawIcon(180, { maskable: true })));
        // shortcuts, share target and screenshots (docs/client.md, Phones)
        const phone = phoneManifest({ warn: (message) => compilation.warnings.push(new webpack.WebpackError(message)) });
        for (const asset of phone.assets) compilation.emitAsset(asset.file, new webpack.sources.RawSource(asset.source));
        const manifest = {
          name: 'Tasklane',
          short_name: 'Tasklane',
          description: 'Offline-first task manager that syncs across your devices',
          id: '/',
          start_url: '/',
          scope: '/',
          display: 'standalone',
          background_color: BACKGROUND_COLOR,
          theme_color: THEME_COLOR,
          icons: icons.map((icon) => ({
            src: `/${icon.file}`,
            sizes: `${icon.size}x${icon.size}`,
            type: 'image/png',
            purpose: icon.purpose,
          })),
          ...phone.fields,
        };
        compilation.emitAsset(STYLES_FILE, new webpack.sources.RawSource(STYLES));
        compilation.emitAsset('manifest.webmanifest', new webpack.sources.RawSource(JSON.stringify(manifest, null, 2)));
      });
    });
  }
}

module.exports = (_env, argv) => {
  const production = (argv.mode ?? 'production') === 'production';
  return {
    mode: production ? 'production' : 'development',
    // the same level swc compiles to: webpack's own runtime code uses arrow functions and const too
    target: ['web', 'es2022'],
    entry: { main: './src/main.tsx' },
    output: {
      path: path.resolve(__dirname, 'dist'),
      publicPath: '/',
      filename: production ? 'assets/[name].[contenthash:12].js' : 'assets/[name].js',
      chunkFilename: production ? 'assets/[name].[contenthash:12].js' : 'assets/[name].js',
      clean: true,
    },
    devtool: production ? false : 'eval-cheap-module-source-map',
    resolve: {
      extensions: ['.tsx', '.ts', '.js'],
      // RxJS's ES2015 build: smaller than its default ES5 one (classes not down-levelled; RxJS's advice for bundlers)
      conditionNames: ['es2015', '...'],
      alias: {
        [path.join(ENGINE_IO, 'build/esm/transports/index.js')]: path.resolve(__dirname, 'build/websocket-transport-only.mjs'),
        [path.join(ENGINE_IO, 'build/esm/index.js')]: path.resolve(__dirname, 'build/engine-io-websocket-entry.mjs'),
        'engine.io-client/websocket-transport$': path.join(ENGINE_IO, 'build/esm/transports/websocket.js'),
        [path.join(BROADCAST_CHANNEL, 'dist/esbrowser/method-chooser.js')]: path.resolve(
          __dirname,
          'build/native-broadcast-channel-only.mjs',
        ),
        'broadcast-channel/native-method$': path.join(BROADCAST_CHANNEL, 'dist/esbrowser/methods/native.js'),
        'event-reduce-js$': path.resolve(__dirname, 'build/no-event-reduce.mjs'),
        [path.join(RXDB, 'dist/esm/rx-query-mingo.js')]: SMALL_QUERY_MATCHER,
        'mingo/util$': SMALL_QUERY_MATCHER,
      },
    },
    module: {
      rules: [
        // The task schema is computed from shared's zod schema at build time.
        {
          test: /[\\/]src[\\/]db[\\/]task-rx-schema\.ts$/,
          use: path.resolve(__dirname, 'build/eval-at-build-loader.cjs'),
          type: 'javascript/auto',
        },
        { ...swcRule, exclude: [/node_modules/, /[\\/]src[\\/]db[\\/]task-rx-schema\.ts$/] },
      ],
    },
    optimization: {
      minimize: production,
      minimizer: [new MinimizerPlugin({ minify: MinimizerPlugin.swcMinify, minimizerOptions: { compress: { passes: 3 } } })],
      splitChunks: false,
    },
    performance: { hints: false },
    plugins: [
      new webpack.DefinePlugin({ __DEV__: JSON.stringify(!production), __APP_VERSION__: JSON.stringify(APP_VERSION) }),
      new HtmlWebpackPlugin({
        template: './src/index.html',
        templateParameters: { stylesHref: `/${STYLES_FILE}`, themeColor: THEME_COLOR },
        inject: 'body',
        scriptLoading: 'defer',
        minify: production ? { collapseWhitespace: true, removeComments: true } : false,
      }),
      new AppManifestPlugin(),
      new InjectManifest({
        swSrc: path.resolve(__dirname, '../service-worker/src/sw.ts'),
        swDest: 'sw.js',
        compileSrc: true,
        webpackCompilationPlugins: [new webpack.DefinePlugin({ __DEV__: JSON.stringify(!production) })],
        // every lazy chunk and the shell, never source maps
        // …nor the manifest's screenshots, which only the browser's install sheet shows
        exclude: [/\.map$/, /\.LICENSE\.txt$/, /^screenshots\//],
        // a development build is several MB: precache it too, or offline breaks in dev
        maximumFileSizeToCacheInBytes: production ? 2 * 1024 * 1024 : 20 * 1024 * 1024,
      }),
    ],
    devServer: undefined,
  };
};
