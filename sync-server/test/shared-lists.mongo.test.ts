import { mongoSkipReason, mongoStoreFactory } from './support/mongo-test-store';
import { describeSharedLists } from './support/shared-lists-cases';

const skipReason = mongoSkipReason();

if (skipReason !== null) {
  console.warn(`shared lists on MongoDB skipped: ${skipReason}`);
  describe.skip('shared lists on a MongoDB store (skipped: MONGODB_URL is not set, so there is no mongod to run against)', () => {
    it('runs the shared-lists cases against a server whose store is MongoDB', () => undefined);
  });
} else {
  // A fresh, uniquely named database, dropped after the suite.
  const factory = mongoStoreFactory(process.env.MONGODB_URL!);
  describeSharedLists('shared lists on a MongoDB store', async () => await factory());
}
