import { useEffect, useRef } from 'react';
import { shortcutOf, type Shortcut } from './shortcut-of';

/**
 * [NV6] Listens for the app's single-key shortcuts on the page. While a modal dialog is open (an editor, the lists
 * drawer, this help) the keys belong to it.
 */
export function useShortcuts(handlers: Record<Shortcut, () => void>): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const shortcut = shortcutOf(event);
      if (!shortcut || document.querySelector('dialog[open]')) return;
      event.preventDefault(); // `/` would otherwise type into the field it focuses
      latest.current[shortcut]();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}

/** Focus (and select) a field by id: the shortcuts' targets. */
export function focusField(id: string): void {
  const field = document.getElementById(id);
  if (!(field instanceof HTMLInputElement)) return;
  field.focus();
  field.select();
}
