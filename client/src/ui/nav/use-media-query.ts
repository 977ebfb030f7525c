import { useCallback, useSyncExternalStore } from 'react';

/** Wide screens get the lists as a sidebar, phones as a drawer ([NV2]). */
export const WIDE_SCREEN = '(min-width: 900px)';

export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    [query],
  );
  return useSyncExternalStore(subscribe, () => matchMedia(query).matches);
}
