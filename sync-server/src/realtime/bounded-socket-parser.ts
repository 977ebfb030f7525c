import { Decoder, Encoder, PacketType, protocol, type Packet } from 'socket.io-parser';

/**
 * [AX3] The shape budget of one socket message's JSON. A push of 500 rows, each with both documents and 20 tags,
 * has about 47,000 structural characters (`{ [ , :`) and is nested 6 deep; anything far beyond is not a message
 * of this protocol, and parsing it is what costs: 8 MiB of `[[[[…` or of `{},{},…` kept the event loop busy for
 * about 2 s (and ~230 MB) in `JSON.parse` and validation, before any schema could refuse it. The structure count
 * is what bounds that cost; the depth bound is generous (hostile-but-small nesting still gets INVALID_MESSAGE,
 * [HF2]) and only keeps any recursive code away from stack-deep input.
 */
export const SOCKET_JSON_MAX_DEPTH = 2048;
export const SOCKET_JSON_MAX_STRUCTURE = 100_000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Scans a packet's text once, outside strings, and throws when it is nested too deep or has too many values. */
function checkJsonShape(text: string): void {
  let depth = 0;
  let structure = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === QUOTE) {
      // Skip the string: find its closing quote, one not escaped by an odd run of backslashes.
      for (i++; i < text.length; i++) {
        const inner = text.charCodeAt(i);
        if (inner === BACKSLASH) i++;
        else if (inner === QUOTE) break;
      }
    } else if (char === OPEN_BRACE || char === OPEN_BRACKET) {
      depth++;
      structure++;
      if (depth > SOCKET_JSON_MAX_DEPTH) throw new Error(`socket message nested deeper than ${SOCKET_JSON_MAX_DEPTH}`);
    } else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) {
      depth--;
    } else if (char === COMMA || char === COLON) {
      structure++;
    }
    if (structure > SOCKET_JSON_MAX_STRUCTURE) throw new Error(`socket message has more than ${SOCKET_JSON_MAX_STRUCTURE} JSON values`);
  }
}

/**
 * socket.io's own parser, whose decoder first checks the shape budget of every text packet ([AX3]). A packet
 * over it is a protocol violation: socket.io closes the connection, as for any undecodable packet, and nothing
 * of it is parsed or handled. The client side is unchanged (the default parser speaks the same format).
 */
class BoundedDecoder extends Decoder {
  override add(packet: unknown): void {
    if (typeof packet === 'string') checkJsonShape(packet);
    super.add(packet);
  }
}

/**
 * [BX4] Every packet this server sends is JSON: `changes`, `token-expired`, acknowledgements and the connect
 * packets carry no binary. socket.io's encoder walks each packet's whole data looking for binary before it
 * writes it (a tenth of the cost of encoding a pull page of 1,000 tasks); this one writes the same text
 * without the walk.
 */
class JsonEncoder extends Encoder {
  override encode(packet: Packet): string[] {
    let text = String(packet.type);
    if (packet.nsp && packet.nsp !== '/') text += `${packet.nsp},`;
    if (packet.id != null) text += packet.id;
    if (packet.data != null) text += JSON.stringify(packet.data);
    return [text];
  }
}

export const boundedSocketParser = { protocol, PacketType, Encoder: JsonEncoder, Decoder: BoundedDecoder };
