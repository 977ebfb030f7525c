import type { ChaosResult } from './run-chaos';

/** The run as a two-column table: what the CLI prints and docs/reliability.md records. */
export function summaryTable(result: ChaosResult): string {
  const { config, chaos } = result;
  const rows: [string, string][] = [
    ['seed', String(config.seed)],
    [
      'config',
      `${config.devices} devices / ${result.users} users, ${config.instances} instances, ${config.ops} steps, chaos rate ${config.chaosRate}, token TTL ${config.accessTokenTtlSeconds}s`,
    ],
    [
      'ops done (skipped)',
      `${result.opsDone} (${result.opsSkipped}) — ${Object.entries(result.opsByKind)
        .map(([kind, n]) => `${kind} ${n}`)
        .join(', ')}`,
    ],
    ['push rows acknowledged', String(result.pushRowsAcknowledged)],
    ['conflicts merged', String(result.conflictsMerged)],
    ['instance kills (SIGKILL)', `${chaos['instance-kill'] + chaos['kill-mid-push']} (${chaos['kill-mid-push']} mid-push)`],
    ['redis outages', String(chaos['redis-outage'])],
    ['link outages / sync stops', `${chaos['link-outage']} / ${chaos['sync-stop']}`],
    ['client crashes mid-push', String(chaos['client-crash'])],
    ['undos after a dropped ack (checked)', `${chaos['lost-ack-undo']} (${result.undosChecked})`],
    [
      'occurrences completed (on several devices)',
      `${result.recurringCompletions.occurrences} (${result.recurringCompletions.onSeveralDevices})`,
    ],
    ['access tokens renewed', String(result.tokensRenewed)],
    ['sign-ins again (session lost)', String(result.signInsAgain)],
    ['tasks in store (tombstones)', `${result.tasksInStore} (${result.tombstonesInStore})`],
    [
      'lists in store (archived, deleted)',
      `${result.listsInStore.all} (${result.listsInStore.archived}, ${result.listsInStore.deleted}); ${result.tasksInDeletedLists} task(s) in a deleted list, shown in the Inbox`,
    ],
    ['run time', `${(result.runMs / 1000).toFixed(1)} s`],
    ['time to converge', result.timeToConvergeMs === null ? 'did not converge' : `${(result.timeToConvergeMs / 1000).toFixed(1)} s`],
    ['result', result.failures.length === 0 ? 'PASS' : `FAIL (${result.failures.length})`],
  ];
  const width = Math.max(...rows.map(([key]) => key.length));
  const lines = rows.map(([key, value]) => `| ${key.padEnd(width)} | ${value}`);
  return [...lines, ...result.failures.map((failure) => `  ✗ ${failure}`)].join('\n');
}
