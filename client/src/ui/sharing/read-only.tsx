import type { ReactNode } from 'react';

/** [SC4] A viewer's fields: shown, every control disabled at once (a disabled fieldset), and said so. */
export function ReadOnly({ when, children }: { when: boolean | undefined; children: ReactNode }) {
  if (!when) return children;
  return (
    <fieldset disabled className="read-only">
      {children}
    </fieldset>
  );
}
