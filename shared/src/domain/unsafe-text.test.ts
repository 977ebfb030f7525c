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
  0x2028,
  0x2029,
  0xfeff,
  ...Array.from({ length: 0x800 }, (_, index) => 0xd800 + index),
  ...Array.from({ length: 0x80 }, (_, index) => 0xe0000 + index),
];
const ALLOWED_IN_DESCRIPTION = new Set([0x09, 0x0a, 0x0d, 0x2028, 0x2029]);
/** 🏴 + "gbsct" in tag characters + CANCEL TAG: the flag of Scotland. */
const SCOTLAND = '\u{1f3f4}\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}';
const UNSAFE_SET = new Set(UNSAFE);
const isUnsafe = (codePoint: number, multiline: boolean) =>
  UNSAFE_SET.has(codePoint) && !(multiline && ALLOWED_IN_DESCRIPTION.has(codePoint));

/** Any text, astral characters included, with unsafe characters mixed in often. */
const text = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }),
      fc.constantFrom(...UNSAFE.map((code) => String.fromCodePoint(code)), '\r\n', SCOTLAND, '\u{1f3f4}\u{e0067}'),
    ),
    {
      maxLength: 8,
    },
  )
  .map((parts) => parts.join(''));

describe('unsafe text', () => {
  it('[UC1] [UC6] finds exactly the C0 and C1 controls, the bidi embeddings, overrides and isolates, U+FEFF, tag characters and unpaired surrogates, by code point; TAB, LF, CR, U+2028 and U+2029 only in multi-line text', () => {
    const wrong: unknown[] = [];
    const codePoints = [
      ...Array.from({ length: 0x10000 }, (_, code) => code),
      ...Array.from({ length: 0x100 }, (_, index) => 0xe0000 + index),
      0x1f3f4,
      0x1f600,
      0x10ffff,
    ];
    for (const codePoint of codePoints) {
      for (const multiline of [false, true]) {
        const found = findUnsafeCharacter(`a${String.fromCodePoint(codePoint)}b`, { multiline });
        const expected = isUnsafe(codePoint, multiline) ? { index: 1, codePoint } : null;
        if (JSON.stringify(found) !== JSON.stringify(expected)) wrong.push({ codePoint, multiline, found });
      }
    }
    expect(wrong).toEqual([]);
  });

  it('[UC1] [UC6] right-to-left letters, ZWJ, ZWNJ, the marks LRM, RLM and ALM, emoji (flags of tag sequences too) and other astral characters are text', () => {
    for (const sample of [
      'שלום',
      'مرحبا',
      '👩\u200d💻',
      'a\u200eb\u200fc\u061cd',
      'می\u200cخواهم',
      'क्\u200dष',
      SCOTLAND,
      '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
      '\u{10ffff}',
      'e\u0301',
    ]) {
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
        const astral = (s: string) =>
          [...s.replaceAll(SCOTLAND, '')].filter((c) => c.codePointAt(0)! > 0xffff && (c.codePointAt(0)! & ~0x7f) !== 0xe0000);
        expect(astral(stripped)).toEqual(astral(value));
      }),
    );
  });

  it('[UC3] a pasted line break or tab becomes a space on one line and stays in a description', () => {
    expect(stripUnsafeCharacters('Buy\r\nmilk\tand\nbread\u202e')).toBe('Buy milk and bread');
    expect(stripUnsafeCharacters('one\r\ntwo\rthree\n\tfour\u0000', { multiline: true })).toBe('one\r\ntwo\rthree\n\tfour');
    expect(stripUnsafeCharacters('one\u2028two\u2029three')).toBe('one two three');
    expect(stripUnsafeCharacters('one\u2028two\u2029three', { multiline: true })).toBe('one\u2028two\u2029three');
  });

  it('[UC6] hidden tag text, a byte order mark and an unpaired surrogate are found and dropped; a flag of a tag sequence is kept', () => {
    const smuggled = 'ok\u{e0069}\u{e0067}\u{e006e}';
    expect(findUnsafeCharacter(smuggled)).toEqual({ index: 2, codePoint: 0xe0069 });
    expect(stripUnsafeCharacters(smuggled)).toBe('ok');
    expect(findUnsafeCharacter(`${SCOTLAND}!`)).toBeNull();
    // A black flag followed by tags that do not end with CANCEL TAG is no flag: its tags are hidden text.
    expect(stripUnsafeCharacters('\u{1f3f4}\u{e0067}\u{e0062}x')).toBe('\u{1f3f4}x');
    expect(findUnsafeCharacter('\ufeffhello')).toEqual({ index: 0, codePoint: 0xfeff });
    expect(findUnsafeCharacter('a\ud83d', { multiline: true })).toEqual({ index: 1, codePoint: 0xd83d });
    expect(stripUnsafeCharacters('a\udc00b\ud83d\ude00')).toBe('ab\ud83d\ude00');
  });

  it('the patterns are built once and hold no position between calls: a find that stopped midway, or a strip, does not make the next call skip an earlier character', () => {
    expect(findUnsafeCharacter('0123456789\u0007')).toEqual({ index: 10, codePoint: 7 });
    expect(findUnsafeCharacter('\u0007 bell first')).toEqual({ index: 0, codePoint: 7 });
    expect(findUnsafeCharacter(`${SCOTLAND}\u202e`, { multiline: true })).toEqual({ index: SCOTLAND.length, codePoint: 0x202e });
    expect(findUnsafeCharacter('\u202e', { multiline: true })).toEqual({ index: 0, codePoint: 0x202e });
    expect(stripUnsafeCharacters('a\u0000b')).toBe('ab');
    expect(findUnsafeCharacter('\u0000')).toEqual({ index: 0, codePoint: 0 });
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 6 }), (texts) => {
        const once = texts.map((text) => findUnsafeCharacter(text));
        expect(texts.map((text) => findUnsafeCharacter(text))).toEqual(once);
        expect([...texts].reverse().map((text) => findUnsafeCharacter(text))).toEqual([...once].reverse());
      }),
    );
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
