import { MongoServerError, type ClientSession } from 'mongodb';
import { inBoundedTransaction } from './bounded-transaction';

/** A session that records what the runner asks of it and fails commits as told. */
function fakeSession(commitFailures: MongoServerError[] = []) {
  const calls: string[] = [];
  let open = false;
  const session = {
    startTransaction: () => {
      calls.push('start');
      open = true;
    },
    inTransaction: () => open,
    abortTransaction: () => {
      calls.push('abort');
      open = false;
      return Promise.resolve();
    },
    commitTransaction: () => {
      calls.push('commit');
      const failure = commitFailures.shift();
      if (failure) return Promise.reject(failure);
      open = false;
      return Promise.resolve();
    },
  };
  return { session: session as unknown as ClientSession, calls };
}

const serverError = (code: number, labels: string[]) => new MongoServerError({ message: `code ${code}`, code, errorLabels: labels });
const writeConflict = () => serverError(112, ['TransientTransactionError']);

describe('bounded MongoDB transactions', () => {
  it('[MG1] a transient error runs the body again, at most five times, then reaches the caller', async () => {
    const { session, calls } = fakeSession();
    let runs = 0;
    await expect(
      inBoundedTransaction(session, 1000, () => {
        runs += 1;
        return Promise.reject(writeConflict());
      }),
    ).rejects.toMatchObject({ code: 112 });
    expect(runs).toBe(5);
    expect(calls.filter((call) => call === 'abort')).toHaveLength(5);
  });

  it('[MG1] an error that is not MongoDB’s aborts the transaction and is thrown as it is, without another run', async () => {
    const { session, calls } = fakeSession();
    const refusal = new Error('refused');
    await expect(inBoundedTransaction(session, 1000, () => Promise.reject(refusal))).rejects.toBe(refusal);
    expect(calls).toEqual(['start', 'abort']);
  });

  it('[MG1] an unknown commit result is committed again; a commit past its time limit is not, and reaches the caller', async () => {
    const unknown = fakeSession([serverError(64, ['UnknownTransactionCommitResult'])]);
    await expect(inBoundedTransaction(unknown.session, 1000, () => Promise.resolve('value'))).resolves.toBe('value');
    expect(unknown.calls).toEqual(['start', 'commit', 'commit']);

    const timedOut = fakeSession([serverError(50, ['UnknownTransactionCommitResult'])]);
    await expect(inBoundedTransaction(timedOut.session, 1000, () => Promise.resolve('value'))).rejects.toMatchObject({ code: 50 });
    expect(timedOut.calls).toEqual(['start', 'commit']);
  });

  it('[MG1] a transient commit failure runs the whole transaction again, building its result afresh', async () => {
    const { session, calls } = fakeSession([writeConflict()]);
    let runs = 0;
    await expect(inBoundedTransaction(session, 1000, () => Promise.resolve((runs += 1)))).resolves.toBe(2);
    expect(calls).toEqual(['start', 'commit', 'start', 'commit']);
  });
});
