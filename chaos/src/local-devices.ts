import { api } from '@tasklane/testkit/api-client';
import { createAckLedger, type AckLedger } from './ack-ledger';
import { createChaosDevice, type ChaosDevice, type ChaosUser } from './chaos-device';
import { localHandle, type DeviceHandle } from './device-handle';
import { createDeviceLink, type DeviceLink } from './device-link';
import { waitForConvergence } from './run-chaos';
import { startServerFleet, type ServerFleet } from './server-fleet';

export type LocalDevice = ChaosDevice & { link: DeviceLink; handle: DeviceHandle };

/**
 * Chaos devices in this process for a focused test: each signs in, reaches the fleet through its own
 * link (the n-th device on instance n mod count), and records into `ledger`; `closeAll` ends them all.
 */
export function createLocalDevices(fleet: () => ServerFleet, ledger: AckLedger, idPrefix: string) {
  const devices: LocalDevice[] = [];
  return {
    devices,
    async device(name: string, user: ChaosUser): Promise<LocalDevice> {
      const login = await api(fleet().instances[0]!.url, 'POST', '/api/auth/login', {
        body: { email: user.email, password: user.password },
      });
      const link = await createDeviceLink(() => fleet().livePorts()[devices.length % fleet().instances.length] ?? null);
      const { accessToken, refreshToken } = login.body as { accessToken: string; refreshToken: string };
      let created = 0;
      const chaosDevice = createChaosDevice({
        name,
        user: { ...user, accessToken, refreshToken },
        serverUrl: link.url,
        ledger,
        newId: () => `${idPrefix}-${name}-${created++}`,
        newListId: () => `${idPrefix}-${name}-list-${created++}`,
      });
      const made = Object.assign(chaosDevice, { link, handle: localHandle(chaosDevice, link) });
      devices.push(made);
      await made.start();
      return made;
    },
    async closeAll(): Promise<void> {
      await Promise.allSettled(devices.map(async (device) => (await device.close(), await device.link.close())));
    },
  };
}

export type LocalChaosSuite = {
  /** The fleet, started in the suite's beforeAll. */
  readonly fleet: ServerFleet;
  ledger: AckLedger;
  device: (name: string, user: ChaosUser) => Promise<LocalDevice>;
  /**
   * Heals `devices` (all of one user) and expects them to converge with the store within `timeoutMs`; returns what the
   * store holds then.
   */
  converge(devices: readonly LocalDevice[], timeoutMs?: number): Promise<Pick<Convergence, 'finalByUser' | 'finalListsByUser'>>;
};

type Convergence = Awaited<ReturnType<typeof waitForConvergence>>;

/**
 * A focused chaos test's set-up, called in its `describe`: a fleet of `instances` started before the tests, one ledger,
 * and local devices (`createLocalDevices`) closed after them, then the fleet.
 */
export function localChaosSuite(options: { instances: number; idPrefix: string }): LocalChaosSuite {
  let fleet: ServerFleet | undefined;
  const ledger = createAckLedger();
  const local = createLocalDevices(() => suite.fleet, ledger, options.idPrefix);
  const suite: LocalChaosSuite = {
    get fleet() {
      if (!fleet) throw new Error('the fleet starts in beforeAll');
      return fleet;
    },
    ledger,
    device: (name, user) => local.device(name, user),
    async converge(devices, timeoutMs = 60_000) {
      const { converged, lastDifference, diagnosis, finalByUser, finalListsByUser } = await waitForConvergence(
        devices.map((each) => each.handle),
        [devices[0]!.user],
        suite.fleet,
        timeoutMs,
        () => undefined,
      );
      expect({ lastDifference, diagnosis }).toEqual({ lastDifference: '', diagnosis: [] });
      expect(converged).toBe(true);
      return { finalByUser, finalListsByUser };
    },
  };
  beforeAll(async () => {
    fleet = await startServerFleet({ instances: options.instances, accessTokenTtlSeconds: 900 });
  });
  afterAll(async () => {
    await local.closeAll();
    await fleet?.close();
  });
  return suite;
}
