import { useEffect, useState } from 'react';
import type { Observable } from 'rxjs';

/** The latest value of an observable (re-subscribes when the observable changes). */
export function useObservable<T>(observable: Observable<T> | null, initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    if (!observable) return undefined;
    const subscription = observable.subscribe(setValue);
    return () => subscription.unsubscribe();
  }, [observable]);
  return value;
}
