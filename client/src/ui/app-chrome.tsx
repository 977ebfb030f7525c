import { useSyncExternalStore } from 'react';
import { installPrompt, promptInstall } from './install-prompt';
import { applyUpdate, updateReady } from './service-worker-client';

/** The root package.json version, set by webpack; Node runs this source without it. */
const APP_VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'development';

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

export function AboutLine() {
  return <footer className="about">{`Tasklane ${APP_VERSION}`}</footer>;
}
