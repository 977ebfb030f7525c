import { createECDH } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readOrCreateFileOnce } from '../data-dir/create-file-once';
import webpush from 'web-push';

export type VapidKeys = { publicKey: string; privateKey: string; subject: string };

/** Where VAPID keys come from: the environment (production), or generated once into DATA_DIR (development). */
export type VapidSource =
  ({ source: 'environment' } & VapidKeys) | { source: 'generated'; dir: string; subject: string } | { source: 'none' };

const FILE_NAME = 'vapid-keys.json';
/** The subject of generated development keys (a push service may want to reach the sender; nobody reads this one). */
export const DEVELOPMENT_VAPID_SUBJECT = 'mailto:reminders@tasklane.invalid';

/** [NT5] Why these keys cannot sign pushes, or null: each base64url of the right length, the pair matching, the subject an https: or mailto: URL. */
export function vapidKeysProblem(keys: VapidKeys): string | null {
  const publicKey = Buffer.from(keys.publicKey, 'base64url');
  const privateKey = Buffer.from(keys.privateKey, 'base64url');
  if (!/^[A-Za-z0-9_-]+$/.test(keys.publicKey) || publicKey.length !== 65 || publicKey[0] !== 4) {
    return 'VAPID_PUBLIC_KEY must be an uncompressed P-256 public key, base64url (65 bytes)';
  }
  if (!/^[A-Za-z0-9_-]+$/.test(keys.privateKey) || privateKey.length !== 32) {
    return 'VAPID_PRIVATE_KEY must be a P-256 private key, base64url (32 bytes)';
  }
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(privateKey);
    if (!ecdh.getPublicKey().equals(publicKey)) return 'VAPID_PUBLIC_KEY is not the public key of VAPID_PRIVATE_KEY';
  } catch {
    return 'VAPID_PRIVATE_KEY is not a valid P-256 private key';
  }
  let subject: URL;
  try {
    subject = new URL(keys.subject);
  } catch {
    return 'VAPID_SUBJECT must be an https: URL or a mailto: address';
  }
  if (subject.protocol !== 'https:' && subject.protocol !== 'mailto:') return 'VAPID_SUBJECT must be an https: URL or a mailto: address';
  return null;
}

/**
 * [NT5] Development only: a key pair generated once and kept in DATA_DIR (mode 0600) like the JWT secrets, so that
 * browsers' subscriptions (bound to the public key) survive a restart. Several processes sharing DATA_DIR agree on one.
 */
export function loadOrCreateDevVapidKeys(dataDir: string, subject: string): VapidKeys {
  const file = path.join(dataDir, FILE_NAME);
  fs.mkdirSync(dataDir, { recursive: true });
  const text = readOrCreateFileOnce(file, () => JSON.stringify(webpush.generateVAPIDKeys()));
  let stored: Partial<VapidKeys> = {};
  try {
    stored = JSON.parse(text) as Partial<VapidKeys>;
  } catch {
    // not JSON: reported below
  }
  if (typeof stored.publicKey !== 'string' || typeof stored.privateKey !== 'string') {
    throw new Error(`${file} holds no VAPID keys; delete it to generate new ones`);
  }
  const keys = { publicKey: stored.publicKey, privateKey: stored.privateKey, subject };
  const problem = vapidKeysProblem(keys);
  if (problem) throw new Error(`${file} holds unusable VAPID keys (${problem}); delete it to generate new ones`);
  return keys;
}

/** The keys to sign with, or null when reminders are off (production without keys, [NT6]). */
export function resolveVapidKeys(source: VapidSource): VapidKeys | null {
  if (source.source === 'none') return null;
  if (source.source === 'environment') return source;
  return loadOrCreateDevVapidKeys(source.dir, source.subject);
}
