import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { hashOf, routeOf, type Route } from './route';

function subscribe(onChange: () => void) {
  addEventListener('hashchange', onChange);
  return () => removeEventListener('hashchange', onChange);
}

/** [NV1] The view in the address's fragment; `navigate` adds a history entry (Back returns), `replace` does not. */
export function useRoute(): { route: Route; navigate: (route: Route, options?: { replace?: boolean }) => void } {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  const route = useMemo(() => routeOf(hash), [hash]);
  const navigate = useCallback((next: Route, options: { replace?: boolean } = {}) => {
    const target = hashOf(next);
    if (location.hash === target) return;
    if (!options.replace) {
      location.hash = target;
      return;
    }
    history.replaceState(history.state, '', target);
    dispatchEvent(new HashChangeEvent('hashchange'));
  }, []);
  return { route, navigate };
}
