import { shortcutOf, type KeyPress } from './shortcut-of';

const press = (key: string, change: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target: { tagName: 'BODY' },
  ...change,
});

describe('keyboard shortcuts', () => {
  it('[NV6] n, / and ? outside text fields; nothing while typing, with Ctrl, Alt or Meta, while composing or repeating', () => {
    expect(shortcutOf(press('n'))).toBe('new-task');
    expect(shortcutOf(press('/'))).toBe('search');
    expect(shortcutOf(press('?'))).toBe('help');
    expect(shortcutOf(press('N'))).toBeNull();
    expect(shortcutOf(press('x'))).toBeNull();
    expect(shortcutOf(press('n', { target: { tagName: 'BUTTON' } }))).toBe('new-task');
    expect(shortcutOf(press('n', { target: { tagName: 'INPUT', type: 'checkbox' } }))).toBe('new-task');
    for (const target of [
      { tagName: 'INPUT', type: 'text' },
      { tagName: 'INPUT', type: 'search' },
      { tagName: 'INPUT', type: 'date' },
      { tagName: 'TEXTAREA' },
      { tagName: 'SELECT' },
      { tagName: 'DIV', isContentEditable: true },
    ])
      expect(shortcutOf(press('n', { target }))).toBeNull();
    for (const change of [
      { ctrlKey: true },
      { metaKey: true },
      { altKey: true },
      { repeat: true },
      { isComposing: true },
      { defaultPrevented: true },
    ])
      expect(shortcutOf(press('/', change))).toBeNull();
  });
});
