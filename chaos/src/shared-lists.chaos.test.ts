import { redisAvailable, REDIS_SERVER_BIN } from '@tasklane/testkit/redis-process';
import { runSharingChaos, SHARING_CHAOS_CONFIG } from './sharing-run';

/**
 * Shared lists under chaos (docs/reliability.md "Shared lists under chaos"): 3 users with 2 devices each, 2 instances
 * on one SQLite file with Redis, faults as in the convergence fuzz, writes into own and shared lists (viewers' refused),
 * and membership churn over REST. Two seeds keep the file well under a minute.
 */
const describeWithRedis = redisAvailable() ? describe : describe.skip;

describeWithRedis(`shared lists under chaos (needs ${REDIS_SERVER_BIN})`, () => {
  it.each([1501, 1505])(
    "[CS1] [CS2] [CS3] [CS4] seed %i: every device holds exactly its user's visible set, no acknowledged write is lost, no device received a document after it lost access, no refused edit is dropped",
    async (seed) => {
      const result = await runSharingChaos({ ...SHARING_CHAOS_CONFIG, seed });
      process.stdout.write(`${JSON.stringify({ ...result, failures: result.failures.length })}\n`);
      expect(result.failures).toEqual([]);
      expect(result.converged).toBe(true);
      // The run did what it claims: members joined and left, writes were refused, removals reached devices.
      expect(result.churn.accept).toBeGreaterThan(0);
      expect(result.churn.remove + result.churn.leave).toBeGreaterThan(0);
      expect(result.rowsRefused).toBeGreaterThan(0);
      expect(result.hiddenReceived).toBeGreaterThan(0);
      expect(result.rowsAcknowledged).toBeGreaterThan(0);
    },
    120_000,
  );
});
