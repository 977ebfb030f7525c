import type { AuthResult } from '@tasklane/shared/domain/auth-responses';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { api, registerUser } from '@tasklane/testkit/api-client';
import path from 'node:path';
import { createAckLedger } from './ack-ledger';
import { canonicalJson, canonicalListsJson, differingIds } from './canonical-tasks';
import type { ChaosConfig } from './chaos-config';
import { createChaosDevice, type ChaosUser } from './chaos-device';
import { createChaosEvents, type ChaosCounters } from './chaos-events';
import { diagnoseDevices } from './convergence-diagnosis';
import { localHandle, type DeviceHandle, type DeviceHost } from './device-handle';
import { createDeviceLink, type DeviceLink } from './device-link';
import { drawOperation, OPERATION_KINDS, type OperationKind } from './device-operations';
import { findListViolations, tasksInDeletedLists } from './list-invariants';
import { findLostAcknowledgedWrites } from './lost-writes';
import { findLostUndos } from './lost-undos';
import { completionStats, findRecurringViolations, type CompletionStats } from './recurring-completions';
import { startRemoteDevices } from './remote-host';
import { createSeededRandom } from './seeded-random';
import { startServerFleet, type ServerFleet } from './server-fleet';
import { readUserStore } from './store-reader';

export type ChaosResult = {
  config: ChaosConfig;
  users: number;
  opsDone: number;
  opsSkipped: number;
  opsByKind: Record<OperationKind, number>;
  chaos: ChaosCounters;
  conflictsMerged: number;
  signInsAgain: number;
  tokensRenewed: number;
  pushRowsAcknowledged: number;
  /** [LE1] Undos made right after a dropped acknowledgement, each checked after healing. */
  undosChecked: number;
  /** [MV5] Occurrences of recurring tasks completed, and how many of them on several devices before they heard of each other. */
  recurringCompletions: CompletionStats;
  tasksInStore: number;
  tombstonesInStore: number;
  /** Lists in the store over every user, and of them archived and deleted ([CL1]). */
  listsInStore: { all: number; archived: number; deleted: number };
  /** [CL2] Live tasks left in a deleted list (a move concurrent with the delete): the app shows them in the Inbox. */
  tasksInDeletedLists: number;
  runMs: number;
  timeToConvergeMs: number | null;
  converged: boolean;
  failures: string[];
};

export type ChaosHooks = {
  log?: (line: string) => void;
  /** Called once the servers run, with a function that kills everything (for SIGINT). */
  onCleanup?: (cleanup: () => Promise<void>) => void;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * RxDB's free version opens at most 13 collections per process (COL23; two per
 * device here, tasks and lists). Larger runs put devices in device-host child
 * processes (the CLI build's `device-host.js`), this many each.
 */
export const DEVICES_PER_PROCESS = 6;
const DEVICE_HOST_SCRIPT = process.env.TASKLANE_CHAOS_DEVICE_HOST ?? path.resolve('chaos/dist/device-host.js');

type DeviceSpec = { name: string; user: ChaosUser; link: DeviceLink; idPrefix: string };

function startLocalDevices(specs: readonly DeviceSpec[]): DeviceHost {
  const ledger = createAckLedger();
  const handles = specs.map((spec) => {
    let created = 0;
    return localHandle(
      createChaosDevice({
        name: spec.name,
        user: spec.user,
        serverUrl: spec.link.url,
        ledger,
        newId: () => `${spec.idPrefix}-${created++}`,
        newListId: () => `${spec.idPrefix}-list-${created++}`,
      }),
      spec.link,
    );
  });
  return {
    handles,
    attempts: () => Promise.resolve(ledger.attempts),
    undos: () => Promise.resolve(ledger.undos),
    completions: () => Promise.resolve(ledger.completions),
    close: async () => void (await Promise.allSettled(handles.map((handle) => handle.close()))),
  };
}

/**
 * One seeded chaos run (docs/reliability.md): K devices running the real client
 * sync stack against M real server processes, Redis and one SQLite store,
 * under link outages, sync stops, SIGKILLed instances (some mid-push), Redis
 * outages, client crashes mid-push and 3-second access tokens. Then heal,
 * and check that every replica and the store are identical and that no
 * acknowledged write was lost.
 */
export async function runChaos(config: ChaosConfig, hooks: ChaosHooks = {}): Promise<ChaosResult> {
  const log = hooks.log ?? (() => undefined);
  const random = createSeededRandom(config.seed);
  const routing = random.fork(1);
  const links: DeviceLink[] = [];
  const failures: string[] = [];
  let fleet: ServerFleet | undefined;
  let host: DeviceHost | undefined;
  const cleanup = async () => {
    await host?.close();
    await Promise.allSettled(links.map((link) => link.close()));
    await fleet?.close();
  };

  try {
    fleet = await startServerFleet({ instances: config.instances, accessTokenTtlSeconds: config.accessTokenTtlSeconds });
    hooks.onCleanup?.(cleanup);
    const servers = fleet;
    const route = () => {
      const live = servers.livePorts();
      return live.length > 0 ? routing.pick(live) : routing.pick(servers.instances).port;
    };

    const userCount = Math.ceil(config.devices / config.devicesPerUser);
    const users: ChaosUser[] = [];
    for (let u = 0; u < userCount; u += 1)
      users.push(
        await registerUser(servers.instances[u % servers.instances.length]!.url, `chaos-${config.seed}-u${u}-${Date.now()}@example.com`),
      );
    const specs: DeviceSpec[] = [];
    for (let d = 0; d < config.devices; d += 1) {
      const name = `d${d}`;
      const link = await createDeviceLink(route);
      links.push(link);
      // Each device signs in itself: its own refresh-token family, as on a real phone or laptop.
      const user = users[d % userCount]!;
      const login = await api(servers.instances[d % servers.instances.length]!.url, 'POST', '/api/auth/login', {
        body: { email: user.email, password: user.password },
      });
      if (login.status !== 200) throw new Error(`sign-in of ${name} failed: ${login.status}`);
      const { accessToken, refreshToken } = login.body as AuthResult;
      specs.push({ name, user: { ...user, accessToken, refreshToken }, link, idPrefix: `s${config.seed}-${name}` });
    }
    host =
      config.devices > DEVICES_PER_PROCESS
        ? await startRemoteDevices(DEVICE_HOST_SCRIPT, specs, DEVICES_PER_PROCESS)
        : startLocalDevices(specs);
    const devices = host.handles;
    await Promise.all(devices.map((device) => device.start()));
    log(
      `seed ${config.seed}: ${config.devices} devices over ${userCount} users${config.devices > DEVICES_PER_PROCESS ? ` in ${Math.ceil(config.devices / DEVICES_PER_PROCESS)} device-host processes` : ''}, ${config.instances} instances, ${config.ops} steps`,
    );

    const events = createChaosEvents(servers);
    const opsByKind = Object.fromEntries(OPERATION_KINDS.map((kind) => [kind, 0])) as Record<OperationKind, number>;
    let opsDone = 0;
    let opsSkipped = 0;
    const started = performance.now();
    for (let step = 0; step < config.ops; step += 1) {
      if (random.chance(config.chaosRate)) {
        events.fire(devices, random);
      } else {
        const device = random.pick(devices);
        const outcome = await device.apply(drawOperation(random), step);
        if (outcome.done) {
          opsDone += 1;
          opsByKind[outcome.kind] += 1;
        } else opsSkipped += 1;
      }
      if (config.stepPauseMs > 0) await sleep(config.stepPauseMs);
      if (step > 0 && step % Math.max(1, Math.floor(config.ops / 10)) === 0)
        log(`  step ${step}/${config.ops} (${Math.round(performance.now() - started)} ms)`);
    }
    const runMs = Math.round(performance.now() - started);

    // Heal: every fault repaired, every instance, Redis, link and device up.
    log('healing');
    const healStarted = performance.now();
    await events.healAll();
    failures.push(...events.errors);
    await Promise.all(servers.instances.map((instance) => servers.start(instance.index)));
    await servers.startRedis();
    for (const device of devices) device.link.setUp(true);
    await Promise.all(devices.map((device) => device.start()));

    const { converged, lastDifference, diagnosis, finalByUser, finalListsByUser } = await waitForConvergence(
      devices,
      users,
      servers,
      config.convergeTimeoutMs,
      log,
    );
    const timeToConvergeMs = converged ? Math.round(performance.now() - healStarted) : null;
    if (!converged) failures.push(`no convergence within ${config.convergeTimeoutMs} ms: ${lastDifference}`, ...diagnosis);

    // The store reads the same through every instance (one SQLite file).
    for (const instance of servers.instances.slice(1)) {
      for (const user of users) {
        const seen = await readUserStore(instance.url, user);
        const lists = finalListsByUser.get(user.id) ?? [];
        if (
          canonicalJson(seen.tasks) !== canonicalJson([...(finalByUser.get(user.id)?.values() ?? [])]) ||
          canonicalListsJson(seen.lists) !== canonicalListsJson(lists)
        )
          failures.push(`instance ${instance.index} reads a different store for ${user.email}`);
      }
    }
    const attempts = await host.attempts();
    const listsById = new Map([...finalListsByUser].map(([userId, lists]) => [userId, new Map(lists.map((list) => [list.id, list]))]));
    const lost = findLostAcknowledgedWrites(attempts, finalByUser, listsById);
    failures.push(...lost.slice(0, 20));
    if (lost.length > 20) failures.push(`… and ${lost.length - 20} more lost writes`);
    const undos = await host.undos();
    failures.push(...findLostUndos(undos, attempts, finalByUser));
    const completions = await host.completions();
    const recurring = findRecurringViolations(completions, attempts, finalByUser);
    failures.push(...recurring.slice(0, 20));
    if (recurring.length > 20) failures.push(`… and ${recurring.length - 20} more violations of the recurring joins`);
    const listViolations = findListViolations(finalByUser, finalListsByUser);
    failures.push(...listViolations.slice(0, 20));
    if (listViolations.length > 20) failures.push(`… and ${listViolations.length - 20} more violations of the list invariants`);

    const allStored = [...finalByUser.values()].flatMap((tasks) => [...tasks.values()]);
    const allLists = [...finalListsByUser.values()].flat();
    const counters = await Promise.all(devices.map((device) => device.counters()));
    const total = (key: keyof (typeof counters)[number]) => counters.reduce((sum, counter) => sum + counter[key], 0);
    return {
      config,
      users: userCount,
      opsDone,
      opsSkipped,
      opsByKind,
      chaos: events.counters,
      conflictsMerged: total('conflictsMerged'),
      signInsAgain: total('signInsAgain'),
      tokensRenewed: total('tokensRenewed'),
      pushRowsAcknowledged: attempts.filter((attempt) => attempt.outcome === 'acknowledged').length,
      undosChecked: undos.length,
      recurringCompletions: completionStats(completions),
      tasksInStore: allStored.length,
      tombstonesInStore: allStored.filter((task) => task._deleted).length,
      listsInStore: {
        all: allLists.length,
        archived: allLists.filter((list) => list.archived && !list._deleted).length,
        deleted: allLists.filter((list) => list._deleted).length,
      },
      tasksInDeletedLists: tasksInDeletedLists(finalByUser, finalListsByUser),
      runMs,
      timeToConvergeMs,
      converged,
      failures,
    };
  } finally {
    await cleanup();
  }
}

/**
 * Polls until, for every user, the store and every device of the user hold
 * the same canonical task set and the same lists. Each round asks every device to RESYNC and
 * waits until its replication is idle and in sync. [CD1] On giving up, `diagnosis` tells why each device of the last
 * compared round still differed (every device, when no round got as far as comparing).
 */
export async function waitForConvergence(
  devices: readonly DeviceHandle[],
  users: readonly ChaosUser[],
  fleet: ServerFleet,
  timeoutMs: number,
  log: (line: string) => void,
) {
  const deadline = performance.now() + timeoutMs;
  let lastDifference = 'not compared yet';
  let finalByUser = new Map<string, Map<string, Task>>();
  let finalListsByUser = new Map<string, TaskList[]>();
  let differing: { device: DeviceHandle; ids: string[] }[] | null = null;
  for (let round = 1; performance.now() < deadline; round += 1) {
    const remaining = Math.max(1000, deadline - performance.now());
    try {
      await Promise.all(devices.map((device) => device.settle(Math.min(remaining, 30_000))));
      finalByUser = new Map();
      finalListsByUser = new Map();
      const differences: string[] = [];
      const differingNow: { device: DeviceHandle; ids: string[] }[] = [];
      for (const user of users) {
        const { tasks: stored, lists } = await readUserStore(fleet.instances[0]!.url, user);
        finalByUser.set(user.id, new Map(stored.map((task) => [task.id, task])));
        finalListsByUser.set(user.id, lists);
        const expected = canonicalJson(stored);
        for (const device of devices.filter((candidate) => candidate.user.id === user.id)) {
          const heldLists = await device.allLists();
          const listsDiffer = canonicalListsJson(heldLists) !== canonicalListsJson(lists);
          if (listsDiffer)
            differences.push(`${device.name} holds other lists than the store: ${JSON.stringify(heldLists)} / ${JSON.stringify(lists)}`);
          const held = await device.allDocuments();
          const ids = canonicalJson(held) !== expected ? differingIds(held, stored) : [];
          if (listsDiffer || ids.length > 0) differingNow.push({ device, ids });
          if (ids.length > 0) {
            const first = ids[0];
            const show = (tasks: readonly Task[]) => JSON.stringify(tasks.find((task) => task.id === first) ?? null);
            differences.push(
              `${device.name} differs from the store on ${ids.length} task(s): ${ids.slice(0, 5).join(', ')}; ${first} on the device ${show(held)}, in the store ${show(stored)}`,
            );
          }
        }
      }
      if (differences.length === 0) return { converged: true, lastDifference: '', diagnosis: [], finalByUser, finalListsByUser };
      lastDifference = differences.join('; ');
      differing = differingNow;
    } catch (error) {
      lastDifference = error instanceof Error ? error.message : String(error);
    }
    if (round % 5 === 0) log(`  not converged yet (round ${round}): ${lastDifference.slice(0, 1500)}`);
    await sleep(500);
  }
  const stored = new Map([...finalByUser.values()].flatMap((tasks) => [...tasks]));
  const diagnosis = await diagnoseDevices(differing ?? devices.map((device) => ({ device, ids: [] })), stored);
  return { converged: false, lastDifference, diagnosis, finalByUser, finalListsByUser };
}
