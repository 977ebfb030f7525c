import { api } from '@tasklane/testkit/api-client';
import type { AckLedger } from './ack-ledger';
import { createChaosDevice, type ChaosDevice, type ChaosUser } from './chaos-device';
import { localHandle, type DeviceHandle } from './device-handle';
import { createDeviceLink, type DeviceLink } from './device-link';
import type { ServerFleet } from './server-fleet';

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
