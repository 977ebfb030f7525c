import fc from 'fast-check';
import { compareOrdered, firstKey, keyBetween, ORDER_KEY_LIMITS, planInsert, planMove, type InsertPlan, type Ordered } from './order-key';
import { orderKeySchema } from './order-key-schema';

/** The ids in display order once a plan is applied: the new item `id` placed, the rekeyed siblings moved. */
function applyPlan(siblings: readonly Ordered[], plan: InsertPlan, id: string): Ordered[] {
  const rekeyed = new Map(plan.rekeyed.map((item) => [item.id, item.order]));
  return [...siblings.map((item) => ({ id: item.id, order: rekeyed.get(item.id) ?? item.order })), { id, order: plan.key }].sort(
    compareOrdered,
  );
}

function ids(items: readonly Ordered[]): string[] {
  return items.map((item) => item.id);
}

describe('order keys', () => {
  it('[DM16] an order key from outside is bounded, base-62 and a well-formed fractional index', () => {
    for (const key of ['a0', 'a1V', 'Zz', 'b00', 'a0V', 'zzzzzzzzzzzzzzzzzzzzzzzzzzz'])
      expect(orderKeySchema.safeParse(key).success).toBe(true);
    const refused: Record<string, string> = {
      '': 'must be 2–128 characters',
      a: 'must be 2–128 characters',
      ['a0' + 'V'.repeat(127)]: 'must be 2–128 characters',
      'a0 ': 'may contain only 0-9, A-Z and a-z',
      'a0-': 'may contain only 0-9, A-Z and a-z',
      é0: 'may contain only 0-9, A-Z and a-z',
      a00: 'is not a fractional index (head letter, integer length, no trailing 0)',
      b0: 'is not a fractional index (head letter, integer length, no trailing 0)',
      '0a': 'is not a fractional index (head letter, integer length, no trailing 0)',
      ['A' + '0'.repeat(26)]: 'is not a fractional index (head letter, integer length, no trailing 0)',
    };
    for (const [key, reason] of Object.entries(refused)) expect(orderKeySchema.safeParse(key).error?.issues[0]?.message).toBe(reason);
    expect(orderKeySchema.safeParse(12).success).toBe(false);
    expect(() => keyBetween('a1', 'a0')).toThrow('no key lies between "a1" and "a0"');
    expect(() => keyBetween('a0', 'a0')).toThrow('no key lies between');
    expect(() => keyBetween('a00', null)).toThrow('order key "a00" is not a fractional index');
    expect(keyBetween(null, null)).toBe(firstKey());
    expect(keyBetween('a0', 'a1') > 'a0' && keyBetween('a0', 'a1') < 'a1').toBe(true);
  });

  it('[DM17] siblings sort by key, then id; two devices inserting between the same neighbours get one key, ordered by id', () => {
    const list: Ordered[] = [
      { id: 'x', order: 'a0' },
      { id: 'y', order: 'a1' },
    ];
    const onPhone = { id: 'phone-item', order: planInsert(list, 1).key };
    const onLaptop = { id: 'laptop-item', order: planInsert(list, 1).key };
    expect(onPhone.order).toBe(onLaptop.order);
    const merged = [...list, onPhone, onLaptop].sort(compareOrdered);
    expect(ids(merged)).toEqual(['x', 'laptop-item', 'phone-item', 'y']);
    expect(ids([onPhone, list[1]!, onLaptop, list[0]!].sort(compareOrdered))).toEqual(ids(merged));
    // Inserting between the two equal keys re-keys the tied run after the spot; nothing else moves.
    const plan = planInsert(merged, 2);
    expect(ids(applyPlan(merged, plan, 'between'))).toEqual(['x', 'laptop-item', 'between', 'phone-item', 'y']);
    expect(ids(plan.rekeyed)).toEqual(['phone-item']);
  });

  it('[DM17] an insert lands exactly where asked, among any keys, ties included, with valid keys', () => {
    const key = fc.constantFrom('a0', 'a0V', 'a1', 'a2', 'Zz', 'b00');
    const siblings = fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), order: key }), {
      selector: (item) => item.id,
      maxLength: 12,
    });
    fc.assert(
      fc.property(siblings, fc.nat(), (items, rawPosition) => {
        fc.pre(!items.some((item) => item.id === 'new'));
        const position = rawPosition % (items.length + 1);
        const plan = planInsert(items, position);
        const sorted = [...items].sort(compareOrdered);
        const after = applyPlan(items, plan, 'new');
        expect(ids(after)).toEqual([...ids(sorted.slice(0, position)), 'new', ...ids(sorted.slice(position))]);
        for (const item of [...plan.rekeyed, { id: 'new', order: plan.key }])
          expect(orderKeySchema.safeParse(item.order).success).toBe(true);
      }),
    );
  });

  it('[DM17] a move keeps every other item in its order; repeated inserts at one spot renumber instead of growing without bound', () => {
    let items: Ordered[] = [
      { id: 'first', order: firstKey() },
      { id: 'last', order: keyBetween(firstKey(), null) },
    ];
    let longest = 0;
    let renumbers = 0;
    for (let index = 0; index < 1500; index += 1) {
      const plan = planInsert(items, 1);
      if (plan.rekeyed.length > 1) renumbers += 1;
      items = applyPlan(items, plan, `item-${index}`);
      longest = Math.max(longest, ...items.map((item) => item.order.length));
    }
    expect(longest).toBeLessThanOrEqual(ORDER_KEY_LIMITS.maxLength);
    expect(renumbers).toBeGreaterThan(0);
    expect(ids(items).slice(0, 3)).toEqual(['first', 'item-1499', 'item-1498']);
    expect(ids(items)[items.length - 1]).toBe('last');
    const moved = applyPlan(
      items.filter((item) => item.id !== 'first'),
      planMove(items, 'first', 5),
      'first',
    );
    expect(ids(moved)).toEqual([...ids(items).slice(1, 6), 'first', ...ids(items).slice(6)]);
  });
});
