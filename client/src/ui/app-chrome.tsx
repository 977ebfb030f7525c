import { useSyncExternalStore } from 'react';
import { installPrompt, promptInstall } from './install-prompt';
import { applyUpdate, updateReady } from './service-worker-client';

export function InstallButton() {
  const available = useSyncExternalStore(installPrompt.subscribe, installPrompt.get);
  if (!available) return null;
  return (
    <button type="button" onClick={() => void promptInstall()}>
      Install
    </button>
  );
}

export function UpdatePrompt() {
  const waiting = useSyncExternalStore(updateReady.subscribe, updateReady.get);
  if (!waiting) return null;
  return (
    <div className="toast upper" role="status">
      <span>A new version of Tasklane is available.</span>
      <button type="button" onClick={() => applyUpdate(waiting)}>
        Reload
      </button>
    </div>
  );
}
