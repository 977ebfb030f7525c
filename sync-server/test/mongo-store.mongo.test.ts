import { describeStoreContract } from '../src/store/store-contract';
import { mongoSkipReason, mongoStoreFactory } from './support/mongo-test-store';

const skipReason = mongoSkipReason();

if (skipReason !== null) {
  console.warn(`MongoStore contract skipped: ${skipReason}`);
  describe.skip('MongoStore contract (skipped: MONGODB_URL is not set, so there is no mongod to run against)', () => {
    it('runs the store contract against MongoDB', () => undefined);
  });
} else {
  describeStoreContract('MongoStore (MongoDB)', mongoStoreFactory(process.env.MONGODB_URL!));
}
