import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PushResponse } from '@tasklane/shared/protocol/push';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { benchTask } from './bench-task';
import { connectRawMany, registerUsers, unwrap, UNTHROTTLED } from './tasklane-driver';

/**
 * The push scenario's single-document half (N devices, one user each, sequential pushes per device), measured as the
 * server's CPU per push read from /proc (utime + stime of the whole process and of its main thread), so builds can be
 * compared on a shared, loaded machine where wall-clock rates swing 2–3×. `--bundles=a.js,b.js` takes turns between
 * server builds round by round; `--syscalls` also counts the server's fsyncs (one per commit), WAL page writes and
 * socket reads/writes per push with `perf stat` on syscall tracepoints (needs perf and the rights to trace).
 *
 *   node bench/dist/single-push-cpu.js --bundles=a/main.js,b/main.js,'b/main.js;SQLITE_WORKER_THREAD=true' --rounds=3 [--devices=100 --pushes=50 --syscalls]
 */
const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const devicesCount = Number(arg('devices', '100'));
const pushesPerDevice = Number(arg('pushes', '50'));
const rounds = Number(arg('rounds', '3'));
/** Each variant is a server bundle, optionally with environment variables: `path[;NAME=value…]`. */
const bundles = arg('bundles', path.resolve(__dirname, '../../sync-server/dist/main.js')).split(',');
const variantOf = (spec: string) => {
  const [bundle, ...settings] = spec.split(';');
  return { bundle: path.resolve(bundle!), env: Object.fromEntries(settings.map((setting) => setting.split('=') as [string, string])) };
};
const withSyscalls = process.argv.includes('--syscalls');
/** `--profile`: SIGUSR2 to the server as the measured pushes start, for a wrapper bundle that then starts its CPU profiler. */
const signalProfiler = process.argv.includes('--profile');
const TICK_US = 1_000_000 / 100; // USER_HZ is 100 on Linux

/** utime + stime in µs of /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat. */
function cpuUs(statPath: string): number {
  const stat = fs.readFileSync(statPath, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_US;
}

type Trial = { bundle: string; processUs: number; mainUs: number; perSecond: number; load: string; syscalls: Record<string, number> };

async function pushAll(sockets: Awaited<ReturnType<typeof connectRawMany>>, pushes: number): Promise<void> {
  let unique = 0;
  await Promise.all(
    sockets.map(async (socket) => {
      for (let i = 0; i < pushes; i += 1) {
        unwrap<PushResponse>(await socket.push({ rows: [{ newDocumentState: benchTask(`s${(unique += 1)}`) }] }));
      }
    }),
  );
}

async function withServer<T>(
  spec: string,
  run: (server: ServerProcess, sockets: Awaited<ReturnType<typeof connectRawMany>>) => Promise<T>,
) {
  const { bundle, env } = variantOf(spec);
  process.env.TASKLANE_SERVER_BUNDLE = bundle;
  const temp = makeTempDir('single-push');
  const server = await startServerProcess({ DATA_DIR: temp.dir, ...UNTHROTTLED, ...env });
  try {
    const users = await registerUsers(server.url, devicesCount);
    const sockets = await connectRawMany(
      server.url,
      users.map((user) => user.accessToken),
    );
    try {
      await pushAll(sockets, 5); // warm-up: JIT, page cache, prepared statements
      return await run(server, sockets);
    } finally {
      for (const socket of sockets) socket.close();
    }
  } finally {
    await server.stop();
    temp.remove();
  }
}

async function trial(bundle: string): Promise<Trial> {
  return withServer(bundle, async (server, sockets) => {
    const pid = server.child.pid!;
    const before = { process: cpuUs(`/proc/${pid}/stat`), main: cpuUs(`/proc/${pid}/task/${pid}/stat`) };
    if (signalProfiler) process.kill(pid, 'SIGUSR2');
    const stopCounting = withSyscalls ? countSyscalls(pid) : null;
    if (stopCounting) await new Promise((resolve) => setTimeout(resolve, 300)); // perf attaches
    const started = performance.now();
    await pushAll(sockets, pushesPerDevice);
    const seconds = (performance.now() - started) / 1000;
    const pushes = devicesCount * pushesPerDevice;
    const counted = (await stopCounting?.()) ?? {};
    return {
      bundle,
      processUs: (cpuUs(`/proc/${pid}/stat`) - before.process) / pushes,
      mainUs: (cpuUs(`/proc/${pid}/task/${pid}/stat`) - before.main) / pushes,
      perSecond: pushes / seconds,
      load: os.loadavg()[0]!.toFixed(1),
      syscalls: Object.fromEntries(Object.entries(counted).map(([name, count]) => [name, count / pushes])),
    };
  });
}

const SYSCALLS = ['fsync', 'fdatasync', 'pwrite64', 'writev', 'write', 'read'];

/** Counts syscalls of every thread of `pid` with `perf stat` (kernel tracepoints, cheap enough to leave on) until stopped. */
function countSyscalls(pid: number): () => Promise<Record<string, number>> {
  const events = SYSCALLS.map((name) => `syscalls:sys_enter_${name}`).join(',');
  const perf = spawn('perf', ['stat', '-x', ',', '-e', events, '-p', String(pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let report = '';
  perf.stderr.on('data', (chunk: Buffer) => (report += chunk.toString()));
  return async () => {
    const done = new Promise((resolve) => perf.once('exit', resolve));
    perf.kill('SIGINT');
    await done;
    const counts: Record<string, number> = {};
    for (const line of report.split('\n')) {
      const [count, , event] = line.split(',');
      const name = event?.replace('syscalls:sys_enter_', '');
      if (name && SYSCALLS.includes(name)) counts[name] = Number(count);
    }
    return counts;
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const trials: Trial[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const bundle of bundles) {
      const result = await trial(bundle);
      trials.push(result);
      process.stdout.write(
        `round ${round + 1} ${bundle}: ${result.processUs.toFixed(0)} µs CPU/push ` +
          `(main thread ${result.mainUs.toFixed(0)}), ${result.perSecond.toFixed(0)} pushes/s, load ${result.load}` +
          (withSyscalls
            ? `; per push: ${Object.entries(result.syscalls)
                .map(([name, n]) => `${name} ${n.toFixed(2)}`)
                .join(', ')}`
            : '') +
          '\n',
      );
    }
  }
  for (const bundle of bundles) {
    const mine = trials.filter((t) => t.bundle === bundle);
    const range = (pick: (t: Trial) => number) =>
      `${median(mine.map(pick)).toFixed(0)} (${Math.min(...mine.map(pick)).toFixed(0)}–${Math.max(...mine.map(pick)).toFixed(0)})`;
    process.stdout.write(
      `${bundle}: median CPU/push ${range((t) => t.processUs)} µs, main thread ${range((t) => t.mainUs)} µs, ` +
        `pushes/s ${range((t) => t.perSecond)}; ${devicesCount} devices × ${pushesPerDevice} pushes, ${mine.length} rounds\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
