// event-reduce-js in the PWA's bundle: RxDB imports it statically, but with `eventReduce: false`
// (src/db/create-task-db.ts) it never calls it. webpack.config.cjs puts this module in the library's place, so the
// library (about 27 KB before minifying) is not shipped; a call would mean the option changed, and fails loudly.
function unused() {
  throw new Error('event-reduce is off in this build (eventReduce: false)');
}

export const calculateActionName = unused;
export const runAction = unused;
