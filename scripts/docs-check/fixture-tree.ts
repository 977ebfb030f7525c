import { createRepoTree, type RepoTree } from './repo-tree';

/** A tree that holds exactly `files` (path → text): the checkers' tests build their made-up repositories with it. */
export function fixtureTree(files: Readonly<Record<string, string>>): RepoTree {
  return createRepoTree(Object.keys(files), (file) => files[file]!);
}
