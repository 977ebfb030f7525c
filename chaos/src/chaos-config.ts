/** One chaos run: everything a seed needs to be reproduced. */
export type ChaosConfig = {
  seed: number;
  devices: number;
  /** Devices per user: devices are spread over ceil(devices / devicesPerUser) users. */
  devicesPerUser: number;
  instances: number;
  ops: number;
  /** Probability that a step is a chaos event instead of a device operation. */
  chaosRate: number;
  /** Pause between two steps, so replication, token expiry and outages interleave with the writes. */
  stepPauseMs: number;
  /** Server ACCESS_TOKEN_TTL in seconds: short, so refreshes happen for real during the run. */
  accessTokenTtlSeconds: number;
  /** Healing: how long every replica may take to become identical once everything is up. */
  convergeTimeoutMs: number;
};

export const DEFAULT_CHAOS_CONFIG: ChaosConfig = {
  seed: 1,
  devices: 5,
  devicesPerUser: 3,
  instances: 2,
  ops: 300,
  chaosRate: 0.05,
  stepPauseMs: 25,
  accessTokenTtlSeconds: 3,
  convergeTimeoutMs: 120_000,
};

const FLAGS: Record<string, keyof ChaosConfig> = {
  '--seed': 'seed',
  '--devices': 'devices',
  '--devices-per-user': 'devicesPerUser',
  '--instances': 'instances',
  '--ops': 'ops',
  '--chaos-rate': 'chaosRate',
  '--step-pause-ms': 'stepPauseMs',
  '--token-ttl': 'accessTokenTtlSeconds',
  '--converge-timeout-ms': 'convergeTimeoutMs',
};

export function chaosUsage(): string {
  return `usage: npm run fuzz -- ${Object.keys(FLAGS)
    .map((flag) => `[${flag} N]`)
    .join(' ')}`;
}

/** `--seed 7 --devices 5 …` over the defaults; unknown flags and non-numbers are errors. */
export function parseChaosArgs(args: readonly string[], base: ChaosConfig = DEFAULT_CHAOS_CONFIG): ChaosConfig {
  const config = { ...base };
  for (let i = 0; i < args.length; i += 2) {
    const [flag, raw] = [args[i] ?? '', args[i + 1]];
    const [name, inline] = flag.includes('=') ? flag.split('=', 2) : [flag, raw];
    const key = FLAGS[name ?? ''];
    if (!key) throw new Error(`unknown option ${flag}\n${chaosUsage()}`);
    const value = Number(inline);
    if (inline === undefined || !Number.isFinite(value) || value < 0)
      throw new Error(`${name} needs a non-negative number, got "${inline}"`);
    config[key] = value;
    if (flag.includes('=')) i -= 1;
  }
  if (config.devices < 1 || config.instances < 1 || config.devicesPerUser < 1)
    throw new Error('devices, instances and devices-per-user must be at least 1');
  return config;
}
