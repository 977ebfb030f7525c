import { describeStoreFaultContract } from '../src/store/store-fault-contract';
import { mongoFaultDatabase, mongoSkipReason } from './support/mongo-test-store';

const skipReason = mongoSkipReason();

if (skipReason !== null) {
  console.warn(`MongoStore fault contract skipped: ${skipReason}`);
  describe.skip('MongoStore fault contract (skipped: MONGODB_URL is not set, so there is no mongod to run against)', () => {
    it('runs the store fault contract against MongoDB', () => undefined);
  });
} else {
  // A short lease: helpers settle a crashed writer's claim quickly; no assertion depends on it.
  describeStoreFaultContract('MongoStore (MongoDB)', mongoFaultDatabase(process.env.MONGODB_URL!, { claimLeaseMs: 200 }), {
    helpersSettleClaims: true,
  });
}
