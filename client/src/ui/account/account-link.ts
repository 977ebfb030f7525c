/** A link from an account e-mail ([AC2], [AC5]): `#/reset?token=…` or `#/verify?token=…`; anything else is none. */
export type AccountLink = { kind: 'reset' | 'verify'; token: string };

export function accountLinkOf(hash: string): AccountLink | null {
  const match = /^#\/(reset|verify)\?token=([A-Za-z0-9_-]{1,200})$/.exec(hash);
  return match ? { kind: match[1] as AccountLink['kind'], token: match[2]! } : null;
}
