import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { boundedSocketParser } from './bounded-socket-parser';

/** Every kind of packet the server sends: connect, connect_error, events (`changes`, `token-expired`), acks, disconnect. */
const SENT: Packet[] = [
  { type: PacketType.CONNECT, nsp: '/', data: { sid: 'a1b2c3' } },
  {
    type: PacketType.CONNECT_ERROR,
    nsp: '/',
    data: { message: 'TOO_MANY_SOCKETS', data: { code: 'TOO_MANY_SOCKETS', retryAfterMs: 30000 } },
  },
  {
    type: PacketType.EVENT,
    nsp: '/',
    data: [
      'changes',
      { documents: [{ ...makeTask({ title: 'ünïcödé "quoted" \\ 🚀', tags: ['a', 'b'] }), seq: 7 }], checkpoint: { seq: 7 } },
    ],
  },
  { type: PacketType.EVENT, nsp: '/', data: ['token-expired', { code: 'UNAUTHENTICATED', message: 'm', retryable: false }] },
  { type: PacketType.ACK, nsp: '/', id: 12, data: [{ ok: true, data: { conflicts: [] } }] },
  { type: PacketType.ACK, nsp: '/', id: 0, data: [{ ok: false, error: { code: 'INVALID_MESSAGE', message: 'x', retryable: false } }] },
  { type: PacketType.EVENT, nsp: '/admin', data: ['changes', null] },
  { type: PacketType.DISCONNECT, nsp: '/' },
];

describe('the socket packet encoder', () => {
  it.each(SENT.map((packet) => [PacketType[packet.type], packet] as const))(
    '[BX4] writes a %s packet exactly as socket.io does, as one text frame',
    (_type, packet) => {
      const ours = new boundedSocketParser.Encoder().encode(packet);
      expect(ours).toEqual(new Encoder().encode(packet));
      expect(ours).toHaveLength(1);
      expect(typeof ours[0]).toBe('string');
      const decoded: Packet[] = [];
      const decoder = new Decoder();
      decoder.on('decoded', (result: Packet) => decoded.push(result));
      decoder.add(ours[0]);
      expect(decoded).toEqual([packet]);
    },
  );
});
