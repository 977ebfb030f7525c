import { useState } from 'react';
import { IOS_INSTALL_HINT_DISMISSED_KEY } from '../../session/storage-keys';
import { browserFacts, wantsIosInstallHint } from './ios-safari';

function dismissed(): boolean {
  try {
    return localStorage.getItem(IOS_INSTALL_HINT_DISMISSED_KEY) !== null;
  } catch {
    return false;
  }
}

function remember(): void {
  try {
    localStorage.setItem(IOS_INSTALL_HINT_DISMISSED_KEY, new Date().toISOString());
  } catch {
    // storage refused (old private mode): the hint comes back next time, nothing worse
  }
}

/** Safari's Share icon (a box with an arrow out of it), so the hint points at what the user sees. */
function ShareIcon() {
  return (
    <svg className="share-icon" viewBox="0 0 20 24" width="18" height="22" aria-hidden="true" focusable="false">
      <path d="M10 2v13M5.5 6.5 10 2l4.5 4.5M6.5 10H3.5v12h13V10h-3" fill="none" stroke="currentColor" strokeWidth="1.8" />
    </svg>
  );
}

/**
 * iOS Safari never offers to install a web app: this bottom sheet says how ([PH2]). Shown until dismissed, which
 * this device remembers; never in other browsers nor once the app runs from the home screen.
 */
export function IosInstallHint() {
  const [visible, setVisible] = useState(() => wantsIosInstallHint(browserFacts()) && !dismissed());
  if (!visible) return null;
  return (
    <aside className="install-hint" aria-labelledby="install-hint-heading">
      <div>
        <h2 id="install-hint-heading">Install Tasklane</h2>
        <p>
          Tap <ShareIcon /> <strong>Share</strong>, then <strong>Add to Home Screen</strong>. Tasklane then opens full-screen and works
          offline.
        </p>
      </div>
      <button
        type="button"
        onClick={() => {
          remember();
          setVisible(false);
        }}
      >
        Got it
      </button>
    </aside>
  );
}
