import type { AuthResult } from '@tasklane/shared/domain/auth-responses';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import type { MemberRole } from '@tasklane/shared/domain/list-sharing';
import { syncProblemsOf } from '@tasklane/client/src/sync/sync-problems';
import { api, registerUser } from '@tasklane/testkit/api-client';
import { createAckLedger, ledgerNow } from './ack-ledger';
import { createChaosDevice, type ChaosDevice, type ChaosUser } from './chaos-device';
import { createChaosEvents, type ChaosCounters } from './chaos-events';
import { diagnoseDevices } from './convergence-diagnosis';
import { localHandle, type DeviceHandle } from './device-handle';
import { createDeviceLink, type DeviceLink } from './device-link';
import { drawOperation } from './device-operations';
import { findLostAcknowledgedWrites } from './lost-writes';
import { createSeededRandom } from './seeded-random';
import { startServerFleet, type ServerFleet } from './server-fleet';
import { readUserStore } from './store-reader';
import { createAccessLog } from './sharing-access';
import { createSharingActor, verifyAddress } from './sharing-actors';
import { createMembershipChurn, type ChurnCounters } from './sharing-churn';
import { findLeaks } from './sharing-leaks';
import { isHidden, watchReceipts, type ReceiptLog } from './sharing-receipts';
import { findDroppedRefusals } from './sharing-refusals';
import { checkStoresAgainstAccess, compareDevice, lastPushes, type Holdings } from './sharing-visibility';

export type SharingChaosConfig = {
  seed: number;
  users: number;
  devicesPerUser: number;
  instances: number;
  steps: number;
  /** Probability that a step is a fault (`chaos-events.ts`), and that it is a membership change. */
  chaosRate: number;
  churnRate: number;
  stepPauseMs: number;
  accessTokenTtlSeconds: number;
  convergeTimeoutMs: number;
};

export const SHARING_CHAOS_CONFIG: Omit<SharingChaosConfig, 'seed'> = {
  users: 3,
  devicesPerUser: 2,
  instances: 2,
  steps: 240,
  chaosRate: 0.08,
  churnRate: 0.14,
  stepPauseMs: 25,
  accessTokenTtlSeconds: 3,
  convergeTimeoutMs: 60_000,
};

export type SharingChaosResult = {
  opsDone: number;
  churn: ChurnCounters;
  chaos: ChaosCounters;
  rowsAcknowledged: number;
  rowsRefused: number;
  receipts: number;
  hiddenReceived: number;
  keptRefusals: number;
  liveTasks: number;
  runMs: number;
  converged: boolean;
  failures: string[];
};

type Device = { chaos: ChaosDevice; handle: DeviceHandle; link: DeviceLink };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const firstLines = (lines: readonly string[], what: string) =>
  lines.length > 20 ? [...lines.slice(0, 20), `… and ${lines.length - 20} more ${what}`] : [...lines];

/** The opening shares: each user shares a list, and one user is a viewer from the start. */
const OPENING: [owner: number, list: number, member: number, role: MemberRole][] = [
  [0, 0, 1, 'editor'],
  [1, 0, 2, 'editor'],
  [2, 0, 0, 'viewer'],
  [0, 1, 2, 'viewer'],
];

/**
 * One seeded run of the shared-lists chaos (docs/reliability.md "Shared lists under chaos"): users with two devices
 * each (the real client sync stack, as `run-chaos.ts` runs it) against a fleet of instances on one SQLite DATA_DIR with
 * Redis, under the harness's faults, while devices write through the app's repositories into their own and shared
 * lists and the users churn memberships over REST. Then heal and check [CS1]–[CS4].
 */
export async function runSharingChaos(
  config: SharingChaosConfig,
  log: (line: string) => void = () => undefined,
): Promise<SharingChaosResult> {
  const random = createSeededRandom(config.seed);
  const routing = random.fork(1);
  const ledger = createAckLedger();
  const receipts: ReceiptLog = { receipts: [], hidden: 0 };
  const devices: Device[] = [];
  const failures: string[] = [];
  let fleet: ServerFleet | undefined;
  try {
    fleet = await startServerFleet({ instances: config.instances, accessTokenTtlSeconds: config.accessTokenTtlSeconds });
    const servers = fleet;
    const users: ChaosUser[] = [];
    for (let u = 0; u < config.users; u += 1) {
      users.push(await registerUser(servers.instances[0]!.url, `cs-${config.seed}-u${u}-${Date.now()}@example.com`));
      await verifyAddress(servers, users[u]!);
    }
    const prefix = `cs${config.seed}`;
    const deviceUser = new Map<string, string>();
    for (const [u, user] of users.entries()) {
      for (let k = 0; k < config.devicesPerUser; k += 1) {
        const name = `u${u}${String.fromCharCode(97 + k)}`;
        const link = await createDeviceLink(() => {
          const live = servers.livePorts();
          return live.length > 0 ? routing.pick(live) : null;
        });
        const login = await api(servers.instances[0]!.url, 'POST', '/api/auth/login', {
          body: { email: user.email, password: user.password },
        });
        if (login.status !== 200) throw new Error(`sign-in of ${name} failed: ${login.status}`);
        const { accessToken, refreshToken } = login.body as AuthResult;
        let created = 0;
        const chaos = createChaosDevice({
          name,
          user: { ...user, accessToken, refreshToken },
          serverUrl: link.url,
          ledger,
          newId: () => `${prefix}-${name}-${created++}`,
          newListId: () => `${prefix}-${name}-list-${created++}`,
          onEngine: watchReceipts(receipts, name, user.id),
        });
        devices.push({ chaos, handle: localHandle(chaos, link), link });
        deviceUser.set(name, user.id);
        await chaos.start();
      }
    }
    const access = createAccessLog((listId) => deviceUser.get(/^cs\d+-(\w+)-list-\d+$/.exec(listId)?.[1] ?? '') ?? null);
    const actors = users.map((user) => createSharingActor(user, servers, routing.fork(2)));
    const churn = createMembershipChurn(actors, access);
    const origin = ledgerNow();

    // The opening: two lists per user, a task in each, on the server before they are shared.
    const opening: string[][] = [];
    for (const u of users.keys()) {
      const { chaos: first, handle } = devices[u * config.devicesPerUser]!;
      const made: string[] = [];
      for (const n of [0, 1]) {
        const list = await first.lists!.create({ name: `Shared ${n} of u${u}` });
        await first.tasks!.create({ title: `first of ${list.id}`, listId: list.id });
        made.push(list.id);
      }
      opening.push(made);
      await handle.settle(30_000);
    }
    for (const [owner, list, member, role] of OPENING) {
      const refused = await churn.share(users[owner]!.id, opening[owner]![list]!, users[member]!.id, role);
      if (refused) failures.push(`opening share of ${opening[owner]![list]} with u${member} failed: ${refused}`);
    }

    const handles = devices.map((device) => device.handle);
    const events = createChaosEvents(servers);
    let opsDone = 0;
    const started = performance.now();
    for (let step = 0; step < config.steps; step += 1) {
      const draw = random.next();
      if (draw < config.chaosRate) events.fire(handles, random);
      else if (draw < config.chaosRate + config.churnRate) await churn.step([random.next(), random.next(), random.next(), random.next()]);
      else if ((await random.pick(handles).apply(drawOperation(random), step)).done) opsDone += 1;
      if (config.stepPauseMs > 0) await sleep(config.stepPauseMs);
    }
    const runMs = Math.round(performance.now() - started);

    log('healing');
    await events.healAll();
    failures.push(...events.errors);
    await Promise.all(servers.instances.map((instance) => servers.start(instance.index)));
    await servers.startRedis();
    for (const device of devices) device.link.setUp(true);
    await Promise.all(devices.map((device) => device.chaos.start()));

    const { converged, truths, differences, keptRefusals, diagnosis } = await converge(
      devices,
      users,
      servers,
      ledger.attempts,
      config.convergeTimeoutMs,
      log,
    );
    if (!converged) failures.push(`[CS1] no convergence within ${config.convergeTimeoutMs} ms`);
    failures.push(...firstLines(differences, 'differences'), ...diagnosis);

    const global = checkStoresAgainstAccess(truths, access);
    failures.push(
      ...firstLines(
        global.violations.map((line) => `[CS1] ${line}`),
        'visibility violations',
      ),
    );

    // [CS2] Every document once, over all users, tombstones included (hiding ones apart): members write one document, so
    // a row supersedes another whoever wrote it, and a write to a shared list stays with its owner when its writer loses
    // access. Ids are unique over the run, but for the Inbox, one id in every account: its rows stay with their user.
    const everyTask = new Map<string, Task>();
    const everyList = new Map<string, TaskList>();
    for (const truth of truths.values()) {
      for (const task of truth.tasks) if (!isHidden(task)) everyTask.set(task.id, task);
      for (const list of truth.lists) if (!isHidden(list) && !list.inbox) everyList.set(list.id, list);
    }
    const ALL = 'every user';
    const inboxes = users.map(
      (user) => [user.id, new Map((truths.get(user.id)?.lists ?? []).filter((list) => list.inbox).map((list) => [list.id, list]))] as const,
    );
    const lost = findLostAcknowledgedWrites(
      ledger.attempts.map((attempt) => (attempt.collection === 'lists' && attempt.doc.inbox ? attempt : { ...attempt, userId: ALL })),
      new Map([[ALL, everyTask]]),
      new Map([[ALL, everyList], ...inboxes]),
    );
    failures.push(
      ...firstLines(
        lost.map((line) => `[CS2] ${line}`),
        'lost writes',
      ),
    );

    const leaks = findLeaks(receipts.receipts, access, ledger.attempts, origin);
    failures.push(
      ...firstLines(
        leaks.map((line) => `[CS3] ${line}`),
        'leaks',
      ),
    );

    for (const device of devices) {
      const engine = device.chaos.engine;
      if (!engine) continue;
      const records = syncProblemsOf(engine.replication.collection.database).edits$.value;
      failures.push(
        ...findDroppedRefusals(device.chaos.name, lastPushes(ledger.attempts, device.chaos.name), records).map((line) => `[CS4] ${line}`),
      );
    }

    return {
      opsDone,
      churn: churn.counters,
      chaos: events.counters,
      rowsAcknowledged: ledger.attempts.filter((attempt) => attempt.outcome === 'acknowledged').length,
      rowsRefused: ledger.attempts.filter((attempt) => attempt.outcome === 'refused').length,
      receipts: receipts.receipts.length,
      hiddenReceived: receipts.hidden,
      keptRefusals,
      liveTasks: global.tasks.size,
      runMs,
      converged,
      failures,
    };
  } finally {
    await Promise.allSettled(devices.map(async (device) => (await device.chaos.close(), await device.link.close())));
    await fleet?.close();
  }
}

/** Polls until every device holds exactly its user's documents in the store ([CS1], `compareDevice`); [CD1] diagnoses the rest. */
async function converge(
  devices: readonly Device[],
  users: readonly ChaosUser[],
  fleet: ServerFleet,
  attempts: Parameters<typeof lastPushes>[0],
  timeoutMs: number,
  log: (line: string) => void,
) {
  const deadline = performance.now() + timeoutMs;
  let differences: string[] = ['not compared yet'];
  let truths = new Map<string, Holdings>();
  let keptRefusals = 0;
  let differing: { device: DeviceHandle; ids: string[] }[] | null = null;
  for (let round = 1; performance.now() < deadline; round += 1) {
    try {
      await Promise.all(devices.map((device) => device.handle.settle(Math.min(30_000, Math.max(1000, deadline - performance.now())))));
      truths = new Map();
      differences = [];
      keptRefusals = 0;
      const differingNow: { device: DeviceHandle; ids: string[] }[] = [];
      for (const user of users) truths.set(user.id, await readUserStore(fleet.instances[0]!.url, user));
      for (const device of devices) {
        const held: Holdings = { tasks: await device.handle.allDocuments(), lists: await device.handle.allLists() };
        const compared = compareDevice(device.chaos.name, held, truths.get(device.chaos.user.id)!, lastPushes(attempts, device.chaos.name));
        differences.push(...compared.differences.map((line) => `[CS1] ${line}`));
        keptRefusals += compared.keptRefusals;
        if (compared.differences.length > 0) differingNow.push({ device: device.handle, ids: compared.taskIds });
      }
      if (differences.length === 0) return { converged: true, truths, differences, keptRefusals, diagnosis: [] };
      differing = differingNow;
    } catch (error) {
      differences = [`[CS1] ${error instanceof Error ? error.message : String(error)}`];
    }
    if (round % 5 === 0) log(`  not converged yet (round ${round}): ${differences.slice(0, 3).join('; ')}`);
    await sleep(500);
  }
  const targets = differing ?? devices.map((device) => ({ device: device.handle, ids: [] }));
  const storeOf = (userId: string) => new Map((truths.get(userId)?.tasks ?? []).map((task) => [task.id, task]));
  const diagnosis = (await Promise.all(targets.map((target) => diagnoseDevices([target], storeOf(target.device.user.id))))).flat();
  return { converged: false, truths, differences, keptRefusals, diagnosis };
}
