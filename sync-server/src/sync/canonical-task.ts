export { canonicalTaskState } from '@tasklane/shared/sync/canonical-task';
