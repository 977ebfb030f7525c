/** [SH2] A member of a shared list is an editor (reads and writes its tasks) or a viewer (reads them only). */
export const MEMBER_ROLES = ['editor', 'viewer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** The owner may do everything, and alone may change the list itself, its members and its owner. */
export type ListRole = 'owner' | MemberRole;

/**
 * [SH9] Bounds of sharing: members of one list (owner excluded), invitations a list may have waiting, and the tasks
 * (deleted ones included) a list may hold when someone joins it or it changes owner — each costs a write per task.
 */
export const SHARING_LIMITS = {
  maxMembers: 100,
  maxPendingInvitations: 50,
  invitationLifetimeDays: 14,
  maxSharedListTasks: 10_000,
} as const;

/** Whether this role may write the list's tasks. */
export function canWriteTasks(role: ListRole): boolean {
  return role !== 'viewer';
}
