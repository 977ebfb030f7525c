/**
 * Stands in for `zod` in the browser bundle. The client never validates with
 * zod at run time (the task schema is computed at build time, and the server
 * validates every message), but some shared modules it imports declare zod
 * schemas next to the plain functions it needs (e.g. `changesLeaveGap` beside
 * `checkpointSchema`). Building those declarations costs nothing here; any
 * real use — parse, safeParse — throws loudly instead of passing silently.
 */
const REFUSED = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'decode', 'encode', 'toJSONSchema']);

function refuse(name) {
  throw new Error(`zod.${name}() is not available in the Tasklane browser bundle (see client/build/zod-stub.cjs)`);
}

const chain = new Proxy(function schemaStub() {}, {
  get(_target, property) {
    if (typeof property === 'symbol') return undefined;
    if (property === 'then') return undefined; // not a thenable
    if (REFUSED.has(property)) return () => refuse(property);
    return chain;
  },
  apply() {
    return chain;
  },
});

module.exports = { z: chain, default: chain };
