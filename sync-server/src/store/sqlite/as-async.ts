/**
 * The Store contract is asynchronous; better-sqlite3 answers synchronously. Wraps one synchronous
 * method so that, as from an `async` method, its result resolves and what it throws rejects.
 */
export function asAsync<Args extends unknown[], Result>(work: (...args: Args) => Result): (...args: Args) => Promise<Result> {
  return (...args) => new Promise<Result>((resolve) => resolve(work(...args)));
}
