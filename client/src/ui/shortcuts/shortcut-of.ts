export type Shortcut = 'new-task' | 'search' | 'help';

/** The keys, as the help dialog lists them. */
export const SHORTCUTS: readonly { key: string; shortcut: Shortcut; does: string }[] = [
  { key: 'n', shortcut: 'new-task', does: 'New task' },
  { key: '/', shortcut: 'search', does: 'Search tasks' },
  { key: '?', shortcut: 'help', does: 'Show these shortcuts' },
];

export type KeyPress = {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  repeat?: boolean;
  isComposing?: boolean;
  defaultPrevented?: boolean;
  target: unknown;
};

/** Where typing happens: keys there are text, never shortcuts. */
function isTypingTarget(target: unknown): boolean {
  if (typeof target !== 'object' || target === null) return false;
  const element = target as { tagName?: unknown; isContentEditable?: unknown; type?: unknown };
  if (element.isContentEditable === true) return true;
  if (element.tagName === 'TEXTAREA' || element.tagName === 'SELECT') return true;
  if (element.tagName !== 'INPUT') return false;
  // a checkbox or a button takes no text: `n` there is still a shortcut
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(
    String(element.type).toLowerCase(),
  );
}

/**
 * [NV6] The shortcut a key press means, or null: never while typing (an input that takes text, a textarea, a select,
 * anything contenteditable), never with Ctrl, Alt or Meta (the browser's and the system's own shortcuts), never while
 * an IME composes or a key repeats. Shift is allowed: `?` needs it on most layouts.
 */
export function shortcutOf(press: KeyPress): Shortcut | null {
  if (press.ctrlKey || press.metaKey || press.altKey || press.repeat || press.isComposing || press.defaultPrevented) return null;
  if (isTypingTarget(press.target)) return null;
  return SHORTCUTS.find((entry) => entry.key === press.key)?.shortcut ?? null;
}
