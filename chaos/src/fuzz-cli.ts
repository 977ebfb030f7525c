import { chaosUsage, DEFAULT_CHAOS_CONFIG, parseChaosArgs, type ChaosConfig } from './chaos-config';
import { runChaos } from './run-chaos';
import { summaryTable } from './summary-table';

/** `npm run fuzz:long`: the largest configuration recorded in docs/reliability.md. */
const LONG: Partial<ChaosConfig> = {
  devices: 50,
  devicesPerUser: 5,
  instances: 3,
  ops: 20_000,
  chaosRate: 0.01,
  stepPauseMs: 10,
  convergeTimeoutMs: 300_000,
};

/**
 * `npm run fuzz -- --seed S --devices K --instances M --ops N`: one chaos run,
 * printed as a table; exit code 1 when it fails. `--long` starts from the
 * fuzz:long configuration. Ctrl-C kills every server and Redis it started.
 */
async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${chaosUsage()} [--long]\n`);
    return 0;
  }
  const long = argv.includes('--long');
  const args = argv.filter((arg) => arg !== '--long');
  const config = parseChaosArgs(args, { ...DEFAULT_CHAOS_CONFIG, ...(long ? LONG : {}) });
  let cleanup: (() => Promise<void>) | null = null;
  const interrupt = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping servers and Redis…\n`);
    interrupted = (cleanup ?? (() => Promise.resolve()))().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  process.stdout.write(`tasklane chaos fuzz — seed ${config.seed}\n${JSON.stringify(config)}\n`);
  const result = await runChaos(config, {
    log: (line) => process.stdout.write(`${line}\n`),
    onCleanup: (fn) => (cleanup = fn),
  });
  process.stdout.write(`\n${summaryTable(result)}\n`);
  return result.failures.length === 0 ? 0 : 1;
}

/** Set on SIGINT/SIGTERM: the run then fails as its devices close under it; only the cleanup matters. */
let interrupted: Promise<void> | null = null;

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  async (error: unknown) => {
    if (interrupted) return void (await interrupted);
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
