import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@tasklane/testkit/free-port';
import { redisAvailable, startRedis, type RedisProcess } from '@tasklane/testkit/redis-process';
import { startPeerServer } from './peer-driver';
import { printTable, type BenchRow } from './result-table';
import { browserFirstSync } from './scenarios/browser-first-sync';
import { connectionCapacity } from './scenarios/connection-capacity';
import { initialSync } from './scenarios/initial-sync';
import { propagationLatency } from './scenarios/propagation-latency';
import { pushThroughput } from './scenarios/push-throughput';
import { pwaLoad } from './scenarios/pwa-load';
import { sharedFanOut } from './shared-fan-out';
import { isSharedFanOutHolder, runSharedFanOutHolder } from './shared-fan-out-holder';
import { sharedPullCost } from './shared-pull-cost';
import { isSocketHolder, runSocketHolder } from './socket-holder';
import { startTasklane } from './tasklane-driver';

/** `--quick` runs every scenario at small sizes (a smoke run); the default is the full issue sizes. */
const quick = process.argv.includes('--quick');
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');

const SIZES = quick
  ? {
      push: { batches: 20, batchSize: 100, devices: 20, pushesPerDevice: 10, rounds: 1 },
      latency: { writes: 50, warmUp: 10, sameUser: 20, devices: 50 },
      initial: [2_000],
      connections: [200, 500],
      browser: [2_000],
      sharedFanOut: { members: 20, writes: 50, warmUp: 10 },
      sharedPull: { lists: 100, owners: 10, tasksPerList: 5, pulls: 100, roundTrips: 20 },
    }
  : {
      push: { batches: 200, batchSize: 100, devices: 100, pushesPerDevice: 50, rounds: 3 },
      latency: { writes: 1000, warmUp: 50, sameUser: 100, devices: 1000 },
      initial: [10_000, 100_000],
      connections: [1_000, 5_000, 10_000],
      browser: [10_000],
      sharedFanOut: { members: 100, writes: 200, warmUp: 20 },
      sharedPull: { lists: 1_000, owners: 10, tasksPerList: 5, pulls: 500, roundTrips: 50 },
    };

/** `--browser-100k` adds a browser first sync of 100,000 tasks (several minutes); `--browser-profile` also records a CPU profile of each. */
if (process.argv.includes('--browser-100k')) SIZES.browser.push(100_000);
const browserProfile = process.argv.includes('--browser-profile');
/** `--browser-dist=DIR` serves the page's scripts from another build (e.g. unminified, for a readable profile). */
const browserDist = process.argv.find((arg) => arg.startsWith('--browser-dist='))?.slice('--browser-dist='.length);

const initialOverride = process.argv.find((arg) => arg.startsWith('--initial='))?.slice('--initial='.length);
if (initialOverride) SIZES.initial = initialOverride.split(',').map(Number);

const enabled = (name: string) => !only || only.includes(name);

async function main(): Promise<void> {
  process.env.TASKLANE_SERVER_BUNDLE ??= path.resolve(__dirname, '../../sync-server/dist/main.js');
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  let redis: RedisProcess | undefined;
  const log = (message: string) => process.stderr.write(`${message}\n`);

  if (enabled('push')) {
    log('push throughput…');
    const [tasklane, peer] = await Promise.all([startTasklane(1), startPeerServer()]);
    try {
      rows.push(...(await pushThroughput(tasklane, peer, SIZES.push)));
    } finally {
      await Promise.all([tasklane.stop(), peer.stop()]);
    }
  }

  if (enabled('latency')) {
    log('propagation latency…');
    if (redisAvailable()) redis = await startRedis(await freePort());
    else notes.push('redis-server is not installed: the across-instances latency was not measured');
    const single = await startTasklane(1);
    const pair = redis ? await startTasklane(2, redis.url) : null;
    const peer = await startPeerServer();
    try {
      rows.push(...(await propagationLatency(single, pair, peer, SIZES.latency)));
    } finally {
      await Promise.all([single.stop(), pair?.stop(), peer.stop()]);
      await redis?.kill();
    }
  }

  if (enabled('initial')) {
    log('initial sync…');
    rows.push(...(await initialSync(() => startTasklane(1), startPeerServer, SIZES.initial, 1000)));
  }

  if (enabled('connections')) {
    log('connection capacity…');
    const [tasklane, peer] = await Promise.all([startTasklane(1), startPeerServer()]);
    try {
      rows.push(...(await connectionCapacity(tasklane, peer, SIZES.connections)));
    } finally {
      await Promise.all([tasklane.stop(), peer.stop()]);
    }
  }

  if (enabled('pwa')) {
    log('PWA load…');
    const tasklane = await startTasklane(1);
    try {
      rows.push(...(await pwaLoad(tasklane, path.resolve(__dirname, '../../client/dist'))));
    } catch (error) {
      notes.push(`PWA scenario not measured: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await tasklane.stop();
    }
  }

  if (enabled('browser')) {
    for (const count of SIZES.browser) {
      log(`browser first sync of ${count} tasks…`);
      const tasklane = await startTasklane(1);
      try {
        rows.push(
          ...(await browserFirstSync(tasklane, path.resolve(__dirname, '../../client/dist'), count, {
            ...(browserProfile ? { profileDir: path.resolve(__dirname, '../results') } : {}),
            ...(browserDist ? { scriptsDir: path.resolve(browserDist) } : {}),
          })),
        );
      } catch (error) {
        notes.push(`browser scenario (${count} tasks) not measured: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        await tasklane.stop();
      }
    }
  }

  if (enabled('shared-fan-out')) {
    log('shared list fan-out…');
    if (redisAvailable()) {
      const sharedRedis = await startRedis(await freePort());
      try {
        rows.push(...(await sharedFanOut(sharedRedis.url, SIZES.sharedFanOut)));
      } finally {
        await sharedRedis.kill();
      }
    } else notes.push('redis-server is not installed: the shared-list fan-out across instances was not measured');
  }

  if (enabled('shared-pull-cost')) {
    log('shared lists pull cost…');
    rows.push(...(await sharedPullCost(SIZES.sharedPull)));
  }

  const machine = {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
  console.log(
    `\nTasklane vs RxDB's websocket replication server — ${machine.cores} × ${machine.cpu}, ${machine.memoryGb} GB, Node ${machine.node}${quick ? ' (quick sizes)' : ''}`,
  );
  console.log(
    'Tasklane: embedded SQLite store (synchronous=FULL), JWT auth, per-user rooms. Peer: RxDB storage-memory, no auth, no durability.\n',
  );
  printTable(rows);
  for (const note of notes) console.log(`note: ${note}`);

  const resultsDir = path.resolve(__dirname, '../results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `bench-${new Date().toISOString().replaceAll(':', '-')}${quick ? '-quick' : ''}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ machine, quick, rows, notes }, null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
}

// The same bundle, forked with --socket-holder, holds the background sockets of the latency scenario, and forked with
// --shared-fan-out-holder the member sockets of the shared fan-out scenario.
if (isSocketHolder()) runSocketHolder();
else if (isSharedFanOutHolder()) runSharedFanOutHolder();
else
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
