import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import rootPackage from '../../package.json';

/** No Docker engine runs here: the Dockerfile and the image workflow are read and held to [DP8] and [DP9] (docs/deploy.md). */
const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** The current Node LTS that the image and CI run (Node 20 reached end of life in April 2026). */
const NODE_LTS_MAJOR = 24;

type Step = { uses?: string; with?: Record<string, string | boolean> };
type Job = { if?: string; needs?: string; permissions?: Record<string, string>; steps: Step[] };
type Workflow = { on: { push: { branches?: string[]; tags?: string[] }; pull_request?: unknown }; jobs: Record<string, Job> };

const dockerfile = read('Dockerfile');
/** Dockerfile lines with their `\` continuations joined. */
const instructions = dockerfile.replace(/\\\n/g, ' ').split('\n');
const ciWorkflow = parse(read('.github/workflows/ci.yml')) as Workflow;
const imageWorkflow = parse(read('.github/workflows/image.yml')) as Workflow;
const stepUsing = (job: Job, action: string) => job.steps.find((step) => step.uses?.startsWith(`${action}@`));

describe('image build files', () => {
  it('[DP8] the image and CI run the current Node LTS while the code still allows Node >= 20.19; every COPY source exists and reaches the build context', () => {
    const bases = instructions.filter((line) => line.startsWith('FROM ')).map((line) => line.split(/\s+/)[1]!);
    const nodeBases = bases.filter((base) => base.startsWith('node:'));
    expect(nodeBases.length).toBe(2); // build and runtime stages (the deps stage builds on the build stage)
    for (const base of nodeBases) expect(base).toBe(`node:${NODE_LTS_MAJOR}-bookworm-slim`);
    const setupNode = Object.values(ciWorkflow.jobs).flatMap((job) =>
      job.steps.filter((step) => step.uses?.startsWith('actions/setup-node@')),
    );
    expect(setupNode.map((step) => String(step.with?.['node-version']))).toEqual([String(NODE_LTS_MAJOR)]);
    expect(rootPackage.engines.node).toBe('>=20.19');

    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    const sources = instructions
      .filter((line) => line.startsWith('COPY ') && !line.includes('--from='))
      .flatMap((line) =>
        line
          .split(/\s+/)
          .slice(1, -1)
          .filter((word) => !word.startsWith('--')),
      );
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) {
      expect({ source, exists: fs.existsSync(path.join(ROOT, source)) }).toEqual({ source, exists: true });
      expect({ source, ignored: ignored.includes(source.split('/')[0]!) }).toEqual({ source, ignored: false });
    }
  });

  it('[DP9] every push builds and starts the image; a version tag publishes it for amd64 and arm64 to ghcr.io; compose and Kubernetes run that version', () => {
    expect(imageWorkflow.on.push.branches).toEqual(['**']);
    expect(imageWorkflow.on.push.tags).toEqual(['v*.*.*']);
    const build = imageWorkflow.jobs.build!;
    expect(build.if).toBeUndefined();
    expect(stepUsing(build, 'docker/build-push-action')?.with).toMatchObject({ context: '.', push: false, load: true });

    const publish = imageWorkflow.jobs.publish!;
    expect(publish.if).toBe("startsWith(github.ref, 'refs/tags/v')");
    expect(publish.needs).toBe('build');
    expect(publish.permissions).toEqual({ contents: 'read', packages: 'write' });
    for (const action of ['docker/metadata-action', 'docker/setup-qemu-action', 'docker/setup-buildx-action', 'docker/login-action']) {
      expect({ action, present: stepUsing(publish, action) !== undefined }).toEqual({ action, present: true });
    }
    expect(stepUsing(publish, 'docker/login-action')?.with?.registry).toBe('ghcr.io');
    expect(String(stepUsing(publish, 'docker/metadata-action')?.with?.tags)).toMatch(/type=semver,pattern=\{\{version\}\}/);
    expect(stepUsing(publish, 'docker/build-push-action')?.with).toMatchObject({ platforms: 'linux/amd64,linux/arm64', push: true });
    // Every action is pinned to a major version, never a branch.
    const uses = Object.values({ ...ciWorkflow.jobs, ...imageWorkflow.jobs }).flatMap((job) =>
      job.steps.flatMap((step) => step.uses ?? []),
    );
    expect(uses.filter((action) => !/@v\d+$/.test(action))).toEqual([]);

    const image = `ghcr.io/tasklane/sync-server:${rootPackage.version}`;
    const compose = parse(read('docker-compose.yml')) as { services: Record<string, { image?: string; build?: unknown }> };
    expect(compose.services['sync-server']).toMatchObject({ build: '.', image });
    expect(read('k8s/deployment.yaml')).toContain(`image: ${image}\n`);
    for (const file of [
      'docker-compose.yml',
      'docker-compose.https.yml',
      ...fs.readdirSync(path.join(ROOT, 'k8s')).map((name) => `k8s/${name}`),
    ]) {
      expect({ file, latest: /:latest\b/.test(read(file)) }).toEqual({ file, latest: false });
    }
  });
});
