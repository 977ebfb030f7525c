import { useEffect, useSyncExternalStore } from 'react';
import { createExternalStore } from '../external-store';

/** What the app did with the way it was opened ("Added … from a share"). */
export const launchNotice = createExternalStore<string | null>(null);

const NOTICE_MS = 8000;

export function LaunchNotice() {
  const notice = useSyncExternalStore(launchNotice.subscribe, launchNotice.get);
  useEffect(() => {
    if (!notice) return undefined;
    const timer = setTimeout(() => launchNotice.set(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  if (!notice) return null;
  return (
    <div className="toast" role="status" data-testid="launch-notice">
      <span>{notice}</span>
      <button type="button" onClick={() => launchNotice.set(null)}>
        OK
      </button>
    </div>
  );
}
