// eslint-disable-next-line @typescript-eslint/no-require-imports
const { z } = require('./zod-stub.cjs');

describe('zod stub of the browser bundle', () => {
  it('lets shared modules declare schemas at load time', () => {
    expect(() => z.strictObject({ seq: z.number().int().nonnegative() }).nullable()).not.toThrow();
  });

  it('refuses any real validation loudly', () => {
    const schema = z.strictObject({ seq: z.number() });
    expect(() => schema.parse({ seq: 1 })).toThrow(/not available in the Tasklane browser bundle/);
    expect(() => schema.safeParse({})).toThrow(/not available/);
  });
});
