/** One jest run for every workspace; TypeScript is transpiled by swc (type-checking is `npm run typecheck`). */
const swcTransform = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic' } } } },
];

module.exports = {
  testEnvironment: 'node',
  roots: [
    '<rootDir>/shared',
    '<rootDir>/sync-server',
    '<rootDir>/client',
    '<rootDir>/service-worker',
    '<rootDir>/testkit',
    '<rootDir>/chaos',
    '<rootDir>/scripts',
  ],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: { '^.+\\.(t|j)sx?$': swcTransform },
  // fractional-indexing (order keys) ships ES modules only.
  transformIgnorePatterns: ['/node_modules/(?!fractional-indexing/)'],
  testTimeout: 30_000,
  maxWorkers: 2,
};
