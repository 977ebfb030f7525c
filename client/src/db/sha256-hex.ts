import { nativeSha256 } from 'rxdb/plugins/utils';
import { sha256HexOf } from './sha256';

async function bytesOf(input: string | ArrayBuffer | Blob): Promise<Uint8Array> {
  if (typeof input === 'string') return new TextEncoder().encode(input);
  return new Uint8Array(input instanceof ArrayBuffer ? input : await input.arrayBuffer());
}

/**
 * RxDB's hash function. Browsers expose `crypto.subtle` only on secure origins (HTTPS,
 * localhost), so on a plain-HTTP address such as `http://nas.lan:8080` RxDB could not open
 * at all; there the same SHA-256 digests come from a small JS implementation (`sha256.ts`).
 */
export async function sha256Hex(input: string | ArrayBuffer | Blob): Promise<string> {
  if (typeof crypto !== 'undefined' && typeof crypto.subtle?.digest === 'function') return nativeSha256(input);
  return sha256HexOf(await bytesOf(input));
}
