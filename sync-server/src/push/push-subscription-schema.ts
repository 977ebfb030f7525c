import { createECDH } from 'node:crypto';
import { z } from 'zod';

/** [NT3] Bounds of an untrusted subscription. */
export const PUSH_SUBSCRIPTION_LIMITS = { maxEndpointLength: 1000, p256dhBytes: 65, authBytes: 16 } as const;

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

function decodedLength(value: string): number {
  return Buffer.from(value.replace(/=+$/, ''), 'base64url').length;
}

function base64urlKey(bytes: number, what: string) {
  return z
    .string()
    .max(200)
    .refine((value) => BASE64URL.test(value) && decodedLength(value) === bytes, `must be base64url of ${bytes} bytes (${what})`);
}

/**
 * [NT18] A key off the curve passes the length and prefix checks but fails every encryption: refused when registered
 * (ECDH with a throwaway key validates the point), rather than failing each push later.
 */
function isOnCurve(value: string): boolean {
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    ecdh.computeSecret(Buffer.from(value.replace(/=+$/, ''), 'base64url'));
    return true;
  } catch {
    return false;
  }
}

/** [NT3] An endpoint: an absolute `https:` URL without credentials, at most 1,000 characters. */
export const pushEndpointSchema = z
  .string()
  .max(PUSH_SUBSCRIPTION_LIMITS.maxEndpointLength, `endpoint must be at most ${PUSH_SUBSCRIPTION_LIMITS.maxEndpointLength} characters`)
  .superRefine((value, context) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      context.addIssue({ code: 'custom', message: 'endpoint must be an absolute URL' });
      return;
    }
    if (url.protocol !== 'https:') context.addIssue({ code: 'custom', message: 'endpoint must be an https: URL' });
    else if (url.username || url.password) context.addIssue({ code: 'custom', message: 'endpoint may not carry credentials' });
  });

/** [NT1] The body of `POST /api/push-subscriptions`: the browser's `PushSubscription.toJSON()`. */
export const pushSubscriptionSchema = z.object({
  endpoint: pushEndpointSchema,
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({
    // An uncompressed P-256 point: 0x04, then x and y.
    p256dh: base64urlKey(PUSH_SUBSCRIPTION_LIMITS.p256dhBytes, 'an uncompressed P-256 public key')
      .refine(
        (value) => Buffer.from(value.replace(/=+$/, ''), 'base64url')[0] === 4,
        'must be an uncompressed P-256 public key (starting with 0x04)',
      )
      .refine(isOnCurve, 'must be a point on the P-256 curve'),
    auth: base64urlKey(PUSH_SUBSCRIPTION_LIMITS.authBytes, 'the authentication secret'),
  }),
});
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionSchema>;

/** [NT2] The body of `DELETE /api/push-subscriptions`. */
export const pushUnsubscribeSchema = z.object({ endpoint: pushEndpointSchema });
