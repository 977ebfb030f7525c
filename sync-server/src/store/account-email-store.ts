/** What a one-time token (a link in an account e-mail) is for; a token of one purpose never serves another ([AC11]). */
export type OneTimeTokenPurpose = 'password-reset' | 'email-verification';

/** A link's token as stored: only its SHA-256 hash, never the token itself ([AC2]). */
export type OneTimeTokenRecord = {
  tokenHash: string;
  userId: string;
  purpose: OneTimeTokenPurpose;
  /** The account's e-mail when the token was sent: a verification proves this address, and no other. */
  email: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
};

/** A refresh token about to start or continue a sign-in (the fields `insertRefreshToken` takes). */
export type NewRefreshToken = { id: string; familyId: string; userId: string; expiresAt: string; familyCreatedAt: string };

/** The account-e-mail part of the Store (docs/protocol.md [AC1]–[AC13]); every method is scoped to one user or one token. */
export interface AccountEmailStore {
  insertOneTimeToken(token: Omit<OneTimeTokenRecord, 'usedAt'>): Promise<void>;
  /**
   * [AC3] Atomically spends an unused token of `purpose` that has not expired at `at`: the spent record, or null
   * (unknown, another purpose, expired, or already spent — by this call's twin too: of two simultaneous spends one wins).
   */
  spendOneTimeToken(tokenHash: string, purpose: OneTimeTokenPurpose, at: string): Promise<OneTimeTokenRecord | null>;
  /** Spends every unused token of the user for `purpose` (a new password makes older reset links useless). */
  spendUserTokens(userId: string, purpose: OneTimeTokenPurpose, at: string): Promise<void>;
  /** When the account's address was verified, or null. */
  emailVerifiedAt(userId: string): Promise<string | null>;
  /** [AC5] Marks the address verified at `at` when the account's e-mail is still `email`; false when it is not (or no account). */
  markEmailVerified(userId: string, email: string, at: string): Promise<boolean>;
  /** [AC6] [AC7] Revokes every sign-in (refresh-token family) of the user except `keepFamilyId`; the ids of the families it ended. */
  revokeUserSessions(userId: string, revokedAt: string, keepFamilyId?: string): Promise<string[]>;
  /**
   * [AC15] [AC17] Inserts the token only while its account exists and, when `expectedPasswordHash` is given, its password
   * hash is still that one (the credential a sign-in checked); false otherwise, and then no token of it remains.
   */
  insertRefreshTokenIfCurrent(token: NewRefreshToken, expectedPasswordHash?: string): Promise<boolean>;
  /** [AC15] Replaces the password hash only while it is still `expectedHash`; false when it changed meanwhile (or no account). */
  replacePasswordHash(userId: string, expectedHash: string, newHash: string): Promise<boolean>;
  /** [AC17] True while the family is active as in `isRefreshFamilyActive` ([AU17]), belongs to `userId`, and that account still exists. */
  isSessionActive(userId: string, familyId: string, at: string): Promise<boolean>;
  /** [AC8] Removes every row of the user from every table: tasks, lists, tokens of both kinds, and the account itself. */
  deleteAccount(userId: string): Promise<void>;
}
