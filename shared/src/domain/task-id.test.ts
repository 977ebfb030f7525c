import { createTaskIdGenerator, defaultTaskIdSource, newTaskId } from './task-id';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The 48-bit Unix-milliseconds prefix of a UUID v7. */
const timestampOf = (id: string) => parseInt(id.replaceAll('-', '').slice(0, 12), 16);

function generatorAt(clock: { ms: number }, fillRandom: (bytes: Uint8Array<ArrayBuffer>) => void = defaultTaskIdSource.fillRandom) {
  return createTaskIdGenerator({ now: () => clock.ms, fillRandom });
}

/** Strictly increasing in plain string order, which is the order of the store's index. */
function expectStrictlyIncreasing(ids: string[]) {
  for (let i = 1; i < ids.length; i += 1) expect(ids[i - 1]! < ids[i]!).toBe(true);
}

describe('task ids', () => {
  it('[SW1] are UUID v7: version nibble 7, RFC variant 10, the creation millisecond in the first 48 bits', () => {
    const before = Date.now();
    const ids = Array.from({ length: 1_000 }, newTaskId);
    const after = Date.now();
    for (const id of ids) {
      expect(id).toMatch(UUID_V7);
      expect(timestampOf(id)).toBeGreaterThanOrEqual(before);
      // A counter overflow may move the timestamp a millisecond or two ahead of the clock.
      expect(timestampOf(id)).toBeLessThanOrEqual(after + 2);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('[SW1] ids made in the same millisecond strictly increase, past the counter overflow too', () => {
    const clock = { ms: Date.UTC(2026, 0, 1) };
    const ids = Array.from({ length: 10_000 }, generatorAt(clock));
    expectStrictlyIncreasing(ids);
    expect(timestampOf(ids[0]!)).toBe(clock.ms);
    // 10,000 ids need several 4,096-id counters: the timestamp moved ahead, never back.
    expect(timestampOf(ids[ids.length - 1]!)).toBeGreaterThan(clock.ms);
    for (const id of ids) expect(id).toMatch(UUID_V7);
  });

  it('[SW1] ids keep increasing when the clock steps back, and follow it again once it passes the last one', () => {
    const clock = { ms: Date.UTC(2026, 0, 1, 12) };
    const next = generatorAt(clock);
    const ids = [next(), next()];
    clock.ms -= 60_000;
    ids.push(next(), next());
    clock.ms += 120_000;
    ids.push(next());
    expectStrictlyIncreasing(ids);
    expect(timestampOf(ids[3]!)).toBe(Date.UTC(2026, 0, 1, 12));
    expect(timestampOf(ids[4]!)).toBe(Date.UTC(2026, 0, 1, 12, 1));
  });

  it('[SW1] the bit layout is exact: 48 timestamp bits, version 7, the counter, variant 10, random bits', () => {
    const latest = 2 ** 48 - 1;
    const zeros = generatorAt({ ms: latest }, (bytes) => bytes.fill(0))();
    const ones = generatorAt({ ms: 0 }, (bytes) => bytes.fill(0xff))();
    expect(zeros).toBe('ffffffff-ffff-7000-8000-000000000000');
    // The counter starts with its top bit clear, so one millisecond always has room for 2,048 more ids.
    expect(ones).toBe('00000000-0000-77ff-bfff-ffffffffffff');
  });
});
