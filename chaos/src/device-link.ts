import net from 'node:net';

/**
 * The network between one device and the servers: a TCP relay on a fixed
 * local port, so the device keeps one server URL (and so one RxDB
 * replication identity) while the harness decides, per connection, which
 * instance answers — like a load balancer. It can also take the device
 * offline (cut every connection and refuse new ones) and swallow answers
 * (the server receives a push, its acknowledgement never comes back).
 */
export type DeviceLink = {
  url: string;
  readonly up: boolean;
  /** Port of the instance the latest connection was routed to. */
  readonly lastTargetPort: number | null;
  setUp(up: boolean): void;
  /** Drops every byte coming back from the servers until the next cut. */
  swallowAnswers(): void;
  close(): Promise<void>;
};

export async function createDeviceLink(route: () => number | null): Promise<DeviceLink> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  let up = true;
  let swallowing = false;
  let lastTargetPort: number | null = null;

  const cutAll = () => {
    for (const { client, upstream } of pairs) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
    swallowing = false;
  };

  const server = net.createServer((client) => {
    const port = up ? route() : null;
    if (port === null) {
      client.destroy();
      return;
    }
    lastTargetPort = port;
    const upstream = net.connect(port, '127.0.0.1');
    const pair = { client, upstream };
    pairs.add(pair);
    const end = () => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (!swallowing) client.write(chunk);
    });
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
      socket.setNoDelay(true);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address() as net.AddressInfo;

  return {
    url: `http://127.0.0.1:${address.port}`,
    get up() {
      return up;
    },
    get lastTargetPort() {
      return lastTargetPort;
    },
    setUp(next) {
      up = next;
      if (!next) cutAll();
    },
    swallowAnswers() {
      swallowing = true;
    },
    async close() {
      up = false;
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
