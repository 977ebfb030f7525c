import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/app';
import { listenForInstallPrompt } from './ui/install-prompt';
import { captureLaunchIntent } from './ui/phone/launch-intent';
import { registerServiceWorker } from './ui/service-worker-client';
import { cleanTextInputs } from './ui/sync-problems/clean-text-input';

captureLaunchIntent();
listenForInstallPrompt();
registerServiceWorker();
cleanTextInputs();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
