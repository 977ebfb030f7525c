import fc from 'fast-check';
import { mergeThreeWayFields, sameValue } from './three-way-fields';

type Doc = { a: number; b: string[]; c: { x: number } | null; untouched: string };
const FIELDS = ['a', 'b', 'c'] as const;

const doc: fc.Arbitrary<Doc> = fc.record({
  a: fc.integer({ min: 0, max: 3 }),
  b: fc.array(fc.constantFrom('p', 'q'), { maxLength: 2 }),
  c: fc.option(fc.record({ x: fc.integer({ min: 0, max: 2 }) }), { nil: null }),
  untouched: fc.constantFrom('master', 'local'),
});

function run(local: Doc, master: Doc, base: Doc | undefined, localIsNewer: boolean) {
  const merged = { ...master };
  const contested = mergeThreeWayFields({ fields: FIELDS, local, master, base, localIsNewer, merged });
  return { merged, contested };
}

describe('the three-way field rule (docs/protocol.md [M1], [M2])', () => {
  it('[M1] [M2] one-sided changes are kept; two-sided different changes are contested and go to the newer side', () => {
    fc.assert(
      fc.property(doc, doc, doc, fc.boolean(), (base, local, master, localIsNewer) => {
        const { merged, contested } = run(local, master, base, localIsNewer);
        for (const field of FIELDS) {
          const [localChanged, masterChanged] = [!sameValue(local[field], base[field]), !sameValue(master[field], base[field])];
          const both = localChanged && masterChanged && !sameValue(local[field], master[field]);
          expect(contested.includes(field)).toBe(both);
          if (both) expect(merged[field]).toEqual(localIsNewer ? local[field] : master[field]);
          else if (localChanged) expect(merged[field]).toEqual(local[field]);
          else expect(merged[field]).toEqual(master[field]);
        }
        // Fields not named are the master's, as `merged` started.
        expect(merged.untouched).toBe(master.untouched);
      }),
    );
  });

  it('[M6] without a base every differing field is contested', () => {
    fc.assert(
      fc.property(doc, doc, fc.boolean(), (local, master, localIsNewer) => {
        const { merged, contested } = run(local, master, undefined, localIsNewer);
        expect(contested).toEqual(FIELDS.filter((field) => !sameValue(local[field], master[field])));
        for (const field of FIELDS) expect(merged[field]).toEqual((localIsNewer ? local : master)[field]);
      }),
    );
  });

  it('[M3] a custom rule takes a differing field over when there is a base, and only then', () => {
    const base: Doc = { a: 0, b: ['p'], c: null, untouched: '' };
    const local = { ...base, b: ['p', 'q'] };
    const master = { ...base, b: [] };
    const seen: string[] = [];
    const merged = { ...master };
    const custom = (field: string) => (seen.push(field), field === 'b');
    expect(mergeThreeWayFields({ fields: FIELDS, local, master, base, localIsNewer: false, merged, custom })).toEqual([]);
    expect(seen).toEqual(['b']); // asked only about fields that differ
    expect(merged.b).toEqual([]); // the custom rule owns the field: here it wrote nothing
    expect(mergeThreeWayFields({ fields: FIELDS, local, master, base: undefined, localIsNewer: true, merged, custom })).toEqual(['b']);
    expect(merged.b).toEqual(['p', 'q']);
  });

  it('[M8] values compare as JSON: equal arrays and objects are the same value', () => {
    expect(sameValue({ x: 1 }, { x: 1 })).toBe(true);
    expect(sameValue(['p'], ['p'])).toBe(true);
    expect(sameValue(['p', 'q'], ['q', 'p'])).toBe(false);
    expect(sameValue(null, undefined)).toBe(false);
  });
});
