import { mongoSkipReason, mongoStoreFactory } from './support/mongo-test-store';
import { describeSharedReminders } from './support/shared-reminders-cases';

const skipReason = mongoSkipReason();

if (skipReason !== null) {
  console.warn(`reminders of shared tasks on MongoDB skipped: ${skipReason}`);
  describe.skip('reminders of shared tasks on a MongoDB store (skipped: MONGODB_URL is not set, so there is no mongod to run against)', () => {
    it('runs the shared-reminders cases against a server and notifier whose store is MongoDB', () => undefined);
  });
} else {
  // A fresh, uniquely named database, dropped after the suite.
  const factory = mongoStoreFactory(process.env.MONGODB_URL!);
  describeSharedReminders(
    'reminders of shared tasks on a MongoDB store (server, notifier and a local HTTPS push service)',
    async () => await factory(),
  );
}
