import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import webpush from 'web-push';
import { parse, parseAllDocuments } from 'yaml';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';

/** Alert rules and the Grafana dashboard of deploy/ ([AL…] in docs/deploy.md), held to Debian's promtool and to a real scrape. */
const PROMETHEUS_DIR = path.resolve(__dirname, '../../deploy/prometheus');
const K8S_DIR = path.resolve(__dirname, '../../k8s');
const DASHBOARD = path.resolve(__dirname, '../../deploy/grafana/tasklane-dashboard.json');
const PROMTOOL = process.env.PROMTOOL_BIN ?? 'promtool';
const promtoolInstalled = spawnSync(PROMTOOL, ['--version']).status === 0;

type Rule = { alert: string; expr: string; for?: string; labels: { severity: string } };
const rules = (parse(fs.readFileSync(path.join(PROMETHEUS_DIR, 'alerts.yml'), 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap(
  (group) => group.rules,
);
const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };

/** Series Prometheus itself makes for every target; every other name must come from the server. */
const SYNTHETIC = new Set(['up']);
const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset']);

/** The metric names a PromQL expression reads: strings, selectors, ranges and groupings removed, functions skipped. */
function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, ' ');
  return [...bare.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)]
    .map((match) => match[1]!)
    .filter((word) => !PROMQL_WORDS.has(word) && !/^\d/.test(word));
}

/** Names in `referenced` that are neither in `exported` (with a histogram's _bucket/_sum/_count) nor made by Prometheus. */
function unknownNames(referenced: string[], exported: Set<string>): string[] {
  return referenced.filter(
    (name) => !SYNTHETIC.has(name) && !exported.has(name) && !exported.has(name.replace(/_(bucket|sum|count)$/, '')),
  );
}

function promtool(...args: string[]) {
  const result = spawnSync(PROMTOOL, args, { cwd: PROMETHEUS_DIR, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe(
  promtoolInstalled
    ? 'Prometheus alert rules'
    : 'Prometheus alert rules — FAILS: promtool is missing (scripts/test-all.sh installs prometheus)',
  () => {
    it('[AL1] alerts.yml passes `promtool check rules` and alerts on instance down, no instance at all, store unavailable, Redis degraded, 5xx rate, push p99 and socket buffer drops', () => {
      expect(promtoolInstalled).toBe(true);
      const checked = promtool('check', 'rules', 'alerts.yml');
      expect(checked.output).toMatch(/SUCCESS: 10 rules found/);
      expect(checked.status).toBe(0);
      expect(rules.map((rule) => rule.alert)).toEqual([
        'TasklaneInstanceDown',
        'TasklaneAbsent',
        'TasklaneStoreUnavailable',
        'TasklaneRedisDegraded',
        'TasklaneHighErrorRate',
        'TasklanePushLatencyHigh',
        'TasklaneSlowConsumerDisconnects',
        'TasklaneRemindersFailing',
        'TasklaneReminderLagHigh',
        'TasklaneRemindersDropped',
      ]);
      expect(rules.every((rule) => rule.for !== undefined && ['critical', 'warning'].includes(rule.labels.severity))).toBe(true);
      // The compose scrape configuration loads these rules and scrapes the metrics port.
      const config = promtool('check', 'config', 'prometheus.yml');
      expect(config.status).toBe(0);
    });

    it('[AL2] `promtool test rules`: an instance silent for 2 minutes is down, no target at all fires TasklaneAbsent, Redis down warns while the store stays quiet, 10% 5xx fires after 5 minutes', () => {
      expect(promtoolInstalled).toBe(true);
      const tested = promtool('test', 'rules', 'alerts.test.yml');
      expect(tested.output).toMatch(/SUCCESS/);
      expect(tested.status).toBe(0);
      const tests = (
        parse(fs.readFileSync(path.join(PROMETHEUS_DIR, 'alerts.test.yml'), 'utf8')) as {
          tests: { alert_rule_test: { alertname: string }[] }[];
        }
      ).tests;
      const covered = new Set(tests.flatMap((test) => test.alert_rule_test.map((expectation) => expectation.alertname)));
      expect([...covered].sort()).toEqual([
        'TasklaneAbsent',
        'TasklaneHighErrorRate',
        'TasklaneInstanceDown',
        'TasklaneRedisDegraded',
        'TasklaneReminderLagHigh',
        'TasklaneRemindersDropped',
        'TasklaneRemindersFailing',
        'TasklaneStoreUnavailable',
      ]);
    });

    it('[AL4] the notifier is scraped (compose job and Kubernetes PodMonitor) and its reminders alert when failing, late or dropped; a notifier up does not hide that no server is', () => {
      expect(promtoolInstalled).toBe(true);
      type ScrapeConfig = { job_name: string; dns_sd_configs: { names: string[]; port: number }[] };
      const compose = parse(fs.readFileSync(path.join(PROMETHEUS_DIR, 'prometheus.yml'), 'utf8')) as { scrape_configs: ScrapeConfig[] };
      const services = parse(fs.readFileSync(path.resolve(__dirname, '../../docker-compose.yml'), 'utf8')) as {
        services: Record<string, { expose?: string[] }>;
      };
      const notifierJob = compose.scrape_configs.find((config) => config.dns_sd_configs.some((sd) => sd.names.includes('notifier')));
      expect(notifierJob?.job_name).toMatch(/tasklane.*notifier/);
      expect(services.services.notifier?.expose).toContain(String(notifierJob?.dns_sd_configs[0]?.port));
      const monitors = parseAllDocuments(fs.readFileSync(path.join(K8S_DIR, 'podmonitor.yaml'), 'utf8'))
        .map((document) => document.toJS() as { kind: string; spec: { selector: { matchLabels: Record<string, string> } } })
        .filter((object) => object.kind === 'PodMonitor');
      expect(monitors.map((monitor) => monitor.spec.selector.matchLabels['app.kubernetes.io/name'])).toContain('tasklane-notifier');
      // the operator's job is <namespace>/<PodMonitor name>: the notifier's matches the rules' job filters, and is left out of TasklaneAbsent
      const absent = rules.find((rule) => rule.alert === 'TasklaneAbsent')!;
      expect(absent.expr).toContain('job!~".*notifier.*"');
      const byName = new Map(rules.map((rule) => [rule.alert, rule]));
      expect(metricNamesIn(byName.get('TasklaneRemindersFailing')!.expr).sort()).toEqual(['reminders_due_total', 'reminders_failed_total']);
      expect(metricNamesIn(byName.get('TasklaneReminderLagHigh')!.expr)).toEqual(['reminder_delivery_lag_seconds_bucket']);
      expect(metricNamesIn(byName.get('TasklaneRemindersDropped')!.expr)).toEqual(['reminders_dropped_total']);
    });
  },
);

describe('metric names in alerts and the dashboard', () => {
  let server: TestServer;
  let exported: Set<string>;
  beforeAll(async () => {
    // the notifier in this process registers the reminders_* metrics as notifier.js does (createNotifierMetrics)
    server = await startTestServer({
      reminders: {
        vapid: { ...webpush.generateVAPIDKeys(), subject: 'mailto:ops@example.com' },
        notifier: { maxLatenessMs: 3_600_000, pollIntervalMs: 60_000, leaseMs: 30_000 },
      },
    });
    const scrape = await (await fetch(`${server.metricsUrl}/metrics`)).text();
    exported = new Set([...scrape.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]!));
  });
  afterAll(async () => {
    await server.close();
  });

  it('[AL3] every metric an alert or a dashboard panel reads is one the server exports (its /metrics, scraped)', () => {
    const fromRules = rules.flatMap((rule) => metricNamesIn(rule.expr));
    const fromDashboard = dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => metricNamesIn(target.expr)));
    expect(new Set(fromRules)).toEqual(
      new Set([
        'up',
        'tasklane_dependency_up',
        'http_request_duration_seconds_count',
        'sync_operation_duration_seconds_bucket',
        'sync_slow_consumer_disconnects_total',
        'reminders_failed_total',
        'reminders_due_total',
        'reminder_delivery_lag_seconds_bucket',
        'reminders_dropped_total',
      ]),
    );
    expect(fromDashboard.length).toBeGreaterThanOrEqual(dashboard.panels.length);
    expect(unknownNames([...fromRules, ...fromDashboard], exported)).toEqual([]);
    // The check is not a rubber stamp: a misspelt or invented name is reported.
    expect(unknownNames(metricNamesIn('sum(rate(sync_operation_total[5m])) + tasklane_made_up_bucket'), exported)).toEqual([
      'sync_operation_total',
      'tasklane_made_up_bucket',
    ]);
  });
});
