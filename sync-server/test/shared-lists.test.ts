import { describeSharedLists } from './support/shared-lists-cases';

describeSharedLists('shared lists');
