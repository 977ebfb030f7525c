import { describeSharedReminders } from './support/shared-reminders-cases';

describeSharedReminders('reminders of shared tasks (real store, server, notifier and a local HTTPS push service)');
