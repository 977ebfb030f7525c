import dgram from 'node:dgram';
import { blockedEndpointProblem, createAddressResolver, isBlockedAddress, publicOnlyLookup } from './endpoint-address';

/** The name a DNS query asks for (RFC 1035: after the 12-byte header, length-prefixed labels). */
function queriedName(packet: Buffer): string {
  const labels: string[] = [];
  for (let at = 12; packet[at]! > 0; at += packet[at]! + 1) labels.push(packet.subarray(at + 1, at + 1 + packet[at]!).toString());
  return labels.join('.');
}

describe('push endpoint addresses', () => {
  it('[NT3] loopback, private, link-local, CGNAT, multicast and unspecified addresses are blocked, IPv4-mapped ones too', () => {
    const blocked = ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1'];
    const blocked6 = ['::1', '::', 'fd00::1', 'fe80::1', 'ff02::1', '::ffff:10.0.0.1', '::ffff:127.0.0.1'];
    for (const address of [...blocked, ...blocked6]) expect([address, isBlockedAddress(address)]).toEqual([address, true]);
    for (const address of ['8.8.8.8', '142.250.74.78', '2a00:1450:4001:82b::200a'])
      expect([address, isBlockedAddress(address)]).toEqual([address, false]);
  });

  it('[NT3] an endpoint is refused when its literal address or any address its name resolves to is blocked', async () => {
    const resolve = (host: string) =>
      Promise.resolve({ 'push.example.com': ['142.250.74.78'], 'rebind.example.com': ['142.250.74.78', '10.0.0.5'] }[host] ?? []);
    expect(await blockedEndpointProblem(new URL('https://push.example.com/x'), resolve)).toBeNull();
    expect(await blockedEndpointProblem(new URL('https://rebind.example.com/x'), resolve)).toMatch(/private/);
    expect(await blockedEndpointProblem(new URL('https://[::1]:8443/x'), resolve)).toMatch(/private/);
    expect(await blockedEndpointProblem(new URL('https://169.254.169.254/latest'), resolve)).toMatch(/private/);
    expect(await blockedEndpointProblem(new URL('https://nowhere.example.com/x'), resolve)).toMatch(/does not resolve/);
  });

  it('[NT3] the sending lookup refuses a name that resolves to a blocked address at connect time (DNS rebinding)', async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      publicOnlyLookup('localhost', {}, (failure) => resolve(failure)),
    );
    expect(error?.code).toBe('EBLOCKEDADDRESS');
  });

  it('[NT20] everything ipaddr.js does not call unicast is blocked (IPv4-mapped unwrapped), and IPv6 outside 2000::/3', () => {
    const blocked = [
      '::7f00:1',
      '::ffff:7f00:1',
      '0:0:0:0:0:ffff:7f00:1',
      '::ffff:0:a9fe:a9fe',
      '::ffff:169.254.169.254',
      'fec0::1',
      '100::1',
      '2001::1',
      '2001:db8::1',
      '2002:7f00:1::',
      '64:ff9b::7f00:1',
      '198.18.0.1',
      '240.0.0.1',
      '255.255.255.255',
      '192.0.2.1',
      'not an address',
    ];
    for (const address of blocked) expect([address, isBlockedAddress(address)]).toEqual([address, true]);
    for (const address of ['8.8.8.8', '::ffff:8.8.8.8', '2606:4700:4700::1111'])
      expect([address, isBlockedAddress(address)]).toEqual([address, false]);
  });

  it('[NT20] address spellings a URL normalises (decimal, hex, short, IPv4-compatible) are refused as literals', async () => {
    const resolve = () => Promise.resolve(['142.250.74.78']);
    for (const endpoint of [
      'https://2130706433/x',
      'https://0x7f.1/x',
      'https://127.1/x',
      'https://[::127.0.0.1]/x',
      'https://[::ffff:7f00:1]/x',
    ]) {
      expect([endpoint, await blockedEndpointProblem(new URL(endpoint), resolve)]).toEqual([endpoint, expect.stringMatching(/private/)]);
    }
  });

  it('[NT22] registration resolves with c-ares under a timeout, a bounded number of names at once', async () => {
    const server = dgram.createSocket('udp4');
    const asked: string[] = [];
    // A name server that never answers: every query times out.
    server.on('message', (packet) => asked.push(queriedName(packet)));
    await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
    try {
      const resolve = createAddressResolver({
        timeoutMs: 100,
        concurrency: 1,
        servers: [`127.0.0.1:${server.address().port}`],
      });
      const problems = await Promise.all(
        ['one.push.test', 'two.push.test'].map((host) => blockedEndpointProblem(new URL(`https://${host}/x`), resolve)),
      );
      expect(problems).toEqual(['endpoint host does not resolve', 'endpoint host does not resolve']);
      const firstOfTwo = asked.indexOf('two.push.test');
      expect(asked.lastIndexOf('one.push.test')).toBeLessThan(firstOfTwo);
      expect(asked.filter((name) => name === 'one.push.test').length).toBeGreaterThanOrEqual(2);
    } finally {
      server.close();
    }
  });
});
