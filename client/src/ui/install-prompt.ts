import { createExternalStore } from './external-store';

type BeforeInstallPromptEvent = Event & { prompt(): Promise<void>; userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }> };

/** Set while the browser allows installing the app (`beforeinstallprompt` fired). */
export const installPrompt = createExternalStore<BeforeInstallPromptEvent | null>(null);

export function listenForInstallPrompt(): void {
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    installPrompt.set(event as BeforeInstallPromptEvent);
  });
  window.addEventListener('appinstalled', () => installPrompt.set(null));
}

export async function promptInstall(): Promise<void> {
  const event = installPrompt.get();
  if (!event) return;
  installPrompt.set(null);
  await event.prompt();
}
