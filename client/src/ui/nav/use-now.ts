import { useEffect, useState } from 'react';
import { currentTimeZone } from './local-day';

const TICK_MS = 60_000;

/** Now and the user's zone, for Today and Upcoming: refreshed every minute and when the page is shown again. */
export function useNow(): { nowMs: number; timeZone: string } {
  const [now, setNow] = useState(() => ({ nowMs: Date.now(), timeZone: currentTimeZone() }));
  useEffect(() => {
    const refresh = () => setNow({ nowMs: Date.now(), timeZone: currentTimeZone() });
    const timer = setInterval(refresh, TICK_MS);
    const onVisible = () => document.visibilityState === 'visible' && refresh();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);
  return now;
}
