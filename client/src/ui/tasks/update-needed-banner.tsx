import { useEffect, useState, useSyncExternalStore } from 'react';
import { applyUpdate, checkForUpdate, updateReady } from '../service-worker-client';

/** After a look that found nothing, look again after 30 s, then 1, 2, 4 and every 5 minutes. */
function nextLookDelayMs(looksSoFar: number): number {
  return Math.min(30_000 * 2 ** Math.max(looksSoFar - 1, 0), 5 * 60_000);
}

/** How long "Looking for the new version…" may stand (a slow download) before a plain reload is offered instead. */
const FIRST_LOOK_PATIENCE_MS = 10_000;

/**
 * [UP2] The server refused this version of the app (CLIENT_TOO_OLD): fetch the new one at once and offer it in one
 * step, instead of asking the user to reload twice (once to install the new service worker, once to run it). Until a
 * new version waits, keep looking with backoff while mounted (the sync bar mounts it only while the state lasts).
 */
export function UpdateNeededBanner() {
  const waiting = useSyncExternalStore(updateReady.subscribe, updateReady.get);
  // One way only, looking → not-found, so the action does not flicker between looks.
  const [notFound, setNotFound] = useState(false);

  useEffect(() => {
    if (waiting) return;
    let stopped = false;
    let looks = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const patience = setTimeout(() => setNotFound(true), FIRST_LOOK_PATIENCE_MS);
    const look = async () => {
      const found = await checkForUpdate();
      if (stopped) return;
      looks += 1;
      if (found === 'none' || found === 'unavailable') {
        clearTimeout(patience);
        setNotFound(true);
      }
      // Without a service worker a reload is the only way; otherwise look again (an install may also fail).
      if (found !== 'unavailable') timer = setTimeout(() => void look(), nextLookDelayMs(looks));
    };
    void look();
    return () => {
      stopped = true;
      clearTimeout(patience);
      clearTimeout(timer);
    };
  }, [waiting]);

  return (
    <div className="banner" role="alert">
      The server needs a newer Tasklane; your changes are kept on this device.{' '}
      {waiting ? (
        <>
          The new version is ready.{' '}
          <button type="button" className="link" onClick={() => applyUpdate(waiting)}>
            Update now
          </button>
        </>
      ) : notFound ? (
        <button type="button" className="link" onClick={() => location.reload()}>
          Reload to update
        </button>
      ) : (
        <span>Looking for the new version…</span>
      )}
    </div>
  );
}
