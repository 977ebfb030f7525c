import fc from 'fast-check';
import { describeUnsafeText, unsafeTextsOf } from './document-text';
import { findUnsafeCharacter, stripUnsafeCharacters } from './unsafe-text';

const UNSAFE = [
  ...Array.from({ length: 0x20 }, (_, code) => code),
  ...Array.from({ length: 0x21 }, (_, index) => 0x7f + index),
  0x202a,
  0x202b,
  0x202c,
  0x202d,
  0x202e,
  0x2066,
  0x2067,
  0x2068,
  0x2069,
];
const ALLOWED_IN_DESCRIPTION = new Set([0x09, 0x0a, 0x0d]);
const isUnsafe = (codePoint: number, multiline: boolean) =>
  UNSAFE.includes(codePoint) && !(multiline && ALLOWED_IN_DESCRIPTION.has(codePoint));

/** Any text, astral characters included, with unsafe characters mixed in often. */
const text = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }),
      fc.constantFrom(...UNSAFE.map((code) => String.fromCharCode(code)), '\r\n'),
    ),
    {
      maxLength: 8,
    },
  )
  .map((parts) => parts.join(''));

describe('unsafe text', () => {
  it('[UC1] finds exactly the C0 and C1 controls and the bidi embeddings, overrides and isolates, by code point; TAB, LF and CR only in multi-line text', () => {
    const wrong: unknown[] = [];
    for (let codePoint = 0; codePoint <= 0x206f; codePoint += 1) {
      for (const multiline of [false, true]) {
        const found = findUnsafeCharacter(`a${String.fromCharCode(codePoint)}b`, { multiline });
        const expected = isUnsafe(codePoint, multiline) ? { index: 1, codePoint } : null;
        if (JSON.stringify(found) !== JSON.stringify(expected)) wrong.push({ codePoint, multiline, found });
      }
    }
    expect(wrong).toEqual([]);
  });

  it('[UC1] right-to-left letters, ZWJ, LRM and RLM, emoji and other astral characters are text', () => {
    for (const sample of ['שלום', 'مرحبا', '👩\u200d💻', 'a\u200eb\u200fc', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '\u{10ffff}', 'e\u0301']) {
      expect(findUnsafeCharacter(sample)).toBeNull();
    }
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (safe) => {
        fc.pre(findUnsafeCharacter(safe) === null);
        return stripUnsafeCharacters(safe) === safe;
      }),
    );
  });

  it('[UC3] stripping leaves no unsafe character, keeps safe text and every astral character as it was, is idempotent, and agrees with the finder', () => {
    fc.assert(
      fc.property(text, fc.boolean(), (value, multiline) => {
        const kind = { multiline };
        const stripped = stripUnsafeCharacters(value, kind);
        expect(findUnsafeCharacter(stripped, kind)).toBeNull();
        expect(stripUnsafeCharacters(stripped, kind)).toBe(stripped);
        expect(stripped === value).toBe(findUnsafeCharacter(value, kind) === null);
        const astral = (s: string) => [...s].filter((c) => c.codePointAt(0)! > 0xffff);
        expect(astral(stripped)).toEqual(astral(value));
      }),
    );
  });

  it('[UC3] a pasted line break or tab becomes a space on one line and stays in a description', () => {
    expect(stripUnsafeCharacters('Buy\r\nmilk\tand\nbread\u202e')).toBe('Buy milk and bread');
    expect(stripUnsafeCharacters('one\r\ntwo\rthree\n\tfour\u0000', { multiline: true })).toBe('one\r\ntwo\rthree\n\tfour');
  });

  it('[UC2] a document names each unsafe field, never quoting the text', () => {
    const task = {
      title: 'ok',
      description: 'a\nb',
      tags: ['fine', 'x\u202ey'],
      checklist: [
        { id: 'i', text: 'bell\u0007', done: false },
        { id: 'j', removedAt: 'x' },
      ],
      _deleted: false,
    } as unknown as Parameters<typeof unsafeTextsOf>[0];
    const found = unsafeTextsOf(task);
    expect(found.map(({ field, codePoint }) => [field, codePoint])).toEqual([
      ['tag', 0x202e],
      ['checklist item', 0x07],
    ]);
    expect(found.map(describeUnsafeText)).toEqual([
      'a tag holds a control or bidi character (U+202E); remove it and save again',
      'a checklist item holds a control or bidi character (U+0007); remove it and save again',
    ]);
  });
});
