import type { ListRole } from '@tasklane/shared/domain/list-sharing';

/** A role as the screens name it. */
export const ROLE_NAMES: Record<ListRole, string> = { owner: 'Owner', editor: 'Editor', viewer: 'Viewer' };
