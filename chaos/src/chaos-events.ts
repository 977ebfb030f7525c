import type { DeviceHandle } from './device-handle';
import type { SeededRandom } from './seeded-random';
import type { ServerFleet } from './server-fleet';

export type ChaosEventKind =
  'link-outage' | 'sync-stop' | 'instance-kill' | 'kill-mid-push' | 'redis-outage' | 'client-crash' | 'lost-ack-undo';

export type ChaosCounters = Record<ChaosEventKind, number>;

export const EVENT_WEIGHTS: readonly [ChaosEventKind, number][] = [
  ['link-outage', 0.2],
  ['sync-stop', 0.12],
  ['instance-kill', 0.13],
  ['kill-mid-push', 0.15],
  ['redis-outage', 0.12],
  ['client-crash', 0.18],
  ['lost-ack-undo', 0.1],
];

/**
 * Faults that heal by themselves after a drawn delay. Everything still broken
 * when the run ends is repaired at once by `healAll`.
 */
export type ChaosEvents = {
  counters: ChaosCounters;
  fire(devices: readonly DeviceHandle[], random: SeededRandom): void;
  /** Cancels pending timers, repairs everything now, waits for every repair. */
  healAll(): Promise<void>;
  /** Errors raised by background repairs (reported as failures). */
  errors: string[];
};

export function createChaosEvents(fleet: ServerFleet): ChaosEvents {
  const counters: ChaosCounters = {
    'link-outage': 0,
    'sync-stop': 0,
    'instance-kill': 0,
    'kill-mid-push': 0,
    'redis-outage': 0,
    'client-crash': 0,
    'lost-ack-undo': 0,
  };
  const repairs = new Map<number, { timer: ReturnType<typeof setTimeout>; repair: () => Promise<void> }>();
  const running = new Set<Promise<void>>();
  const busyInstances = new Set<number>();
  const armed = new Set<() => void>();
  const errors: string[] = [];
  let nextId = 0;
  let undoSteps = 0;

  function track(work: Promise<void>, what: string) {
    const tracked = work.catch((error: unknown) => void errors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`));
    running.add(tracked);
    void tracked.finally(() => running.delete(tracked));
  }

  function later(delayMs: number, what: string, repair: () => Promise<void>) {
    const id = nextId++;
    const timer = setTimeout(() => {
      repairs.delete(id);
      track(repair(), what);
    }, delayMs);
    repairs.set(id, { timer, repair });
  }

  function killInstance(index: number, restartAfterMs: number) {
    if (busyInstances.has(index) || !fleet.instances[index]?.up) return false;
    busyInstances.add(index);
    track(
      fleet
        .kill(index)
        .then(() =>
          later(restartAfterMs, `restart instance ${index}`, () => fleet.start(index).finally(() => busyInstances.delete(index))),
        ),
      `kill instance ${index}`,
    );
    return true;
  }

  /** The device's next push triggers `action` (or, after a while without one, it fires anyway). */
  function onNextPush(device: DeviceHandle, action: (device: DeviceHandle) => void) {
    let fired = false;
    const fire = () => {
      if (fired) return;
      fired = true;
      clearTimeout(fallback);
      armed.delete(disarm);
      action(device);
    };
    const disarm = () => {
      fired = true;
      clearTimeout(fallback);
      device.onPush = null;
    };
    const fallback = setTimeout(() => {
      device.onPush = null;
      fire();
    }, 3000);
    device.onPush = fire;
    armed.add(disarm);
  }

  return {
    counters,
    errors,
    fire(devices, random) {
      const [kindDraw, targetDraw, delayDraw] = [random.next(), random.next(), random.next()];
      let cumulative = 0;
      const kind = EVENT_WEIGHTS.find(([, weight]) => (cumulative += weight) > kindDraw)?.[0] ?? 'link-outage';
      const device = devices[Math.floor(targetDraw * devices.length)]!;
      const delay = (min: number, max: number) => Math.round(min + delayDraw * (max - min));
      switch (kind) {
        case 'link-outage':
          if (!device.link.up) return;
          device.link.setUp(false);
          counters[kind] += 1;
          later(delay(200, 3000), `link of ${device.name} up`, () => {
            device.link.setUp(true);
            return Promise.resolve();
          });
          break;
        case 'sync-stop':
          if (!device.running) return;
          counters[kind] += 1;
          track(device.stopSync(), `stop sync of ${device.name}`);
          later(delay(200, 3000), `restart sync of ${device.name}`, () => device.start());
          break;
        case 'instance-kill':
          if (!killInstance(Math.floor(targetDraw * fleet.instances.length), delay(200, 2000))) return;
          counters[kind] += 1;
          break;
        case 'kill-mid-push':
          if (!device.running || device.onPush) return;
          onNextPush(device, (pusher) => {
            const port = pusher.link.lastTargetPort;
            const target = fleet.instances.find((instance) => instance.port === port);
            if (target) setImmediate(() => killInstance(target.index, delay(200, 2000)) && (counters[kind] += 1));
          });
          break;
        case 'redis-outage':
          if (!fleet.redisUp) return;
          counters[kind] += 1;
          track(fleet.killRedis(), 'kill redis');
          later(delay(500, 4000), 'restart redis', () => fleet.startRedis());
          break;
        case 'client-crash':
          if (!device.running || device.onPush) return;
          onNextPush(device, (crashing) => {
            // The push is on its way; its acknowledgement never reaches the device, which dies.
            crashing.link.swallowAnswers();
            counters[kind] += 1;
            later(30, `crash ${crashing.name}`, async () => {
              await crashing.crash();
              const wasUp = crashing.link.up;
              crashing.link.setUp(false); // the dead process's connections close
              crashing.link.setUp(wasUp);
              later(delay(100, 1500), `restart ${crashing.name}`, () => crashing.start());
            });
          });
          break;
        case 'lost-ack-undo':
          if (!device.running) return;
          track(
            device.loseAckThenUndo(delayDraw, undoSteps++).then((staged) => void (staged && (counters[kind] += 1))),
            `lost ack and undo on ${device.name}`,
          );
          break;
      }
    },
    async healAll() {
      for (const disarm of [...armed]) disarm();
      armed.clear();
      while (repairs.size > 0 || running.size > 0) {
        for (const [id, { timer, repair }] of repairs) {
          clearTimeout(timer);
          repairs.delete(id);
          track(repair(), 'heal');
        }
        await Promise.all([...running]);
      }
    },
  };
}
