/**
 * docker-compose.yml and the Dockerfile, checked as far as this machine can without pulling
 * images: every variable the compose file gives the api is one the code reads and is valid for
 * it, the ports and addresses of the three services agree, secrets come from the environment, the
 * image runs as a non-root user with a /readyz health check; and Debian's `docker-compose` accepts
 * the file (`docker-compose config`). In CI (.ci/run sets PERMISSION_REQUIRE_DOCKER_COMPOSE=1)
 * the binary must be there; elsewhere its absence is printed and that one check is skipped.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config';

const ROOT = path.resolve(__dirname, '../..');
const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, { environment?: Record<string, string>; ports?: string[]; volumes?: string[]; image?: string; build?: unknown; healthcheck?: { test: string[] } }>;
  volumes?: Record<string, unknown>;
};
const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
const pkgScripts = pkg.scripts;

/** Docker Compose interpolation (`${X}`, `${X:-default}`, `${X:?error}`) with the given environment. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?:(:-|:\?)([^}]*))?\}/g, (_all, name: string, op: string | undefined, arg: string | undefined) => {
    const v = env[name];
    if (v !== undefined && v !== '') return v;
    if (op === ':-') return arg ?? '';
    if (op === ':?') throw new Error(`${name} is required: ${arg}`);
    return '';
  });
}

/** The variables loadConfig reads, observed by handing it an environment that records each read. */
function variablesTheCodeReads(): Set<string> {
  const read = new Set<string>();
  loadConfig(new Proxy({} as Record<string, string | undefined>, { get: (_t, name) => (typeof name === 'string' && read.add(name), undefined) }));
  return read;
}

const SECRETS = { POSTGRES_PASSWORD: 'pg-secret-for-the-test', MEILI_MASTER_KEY: 'meili-master-key-for-the-test' };
const api = compose.services.api;
const apiEnv = api.environment ?? {};

describe('docker-compose.yml', () => {
  it('runs the api, PostgreSQL and Meilisearch; the api uses the meilisearch engine', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'meilisearch', 'postgres']);
    expect(apiEnv.SEARCH_ENGINE).toBe('meilisearch');
    expect(apiEnv.NODE_ENV).toBe('production');
    expect(api.build).toBeDefined();
  });

  it('gives the api only variables the code reads, and values it accepts', () => {
    const known = variablesTheCodeReads();
    expect(known.size).toBeGreaterThanOrEqual(10);
    const unknown = Object.keys(apiEnv).filter((name) => !known.has(name));
    expect(unknown).toEqual([]);
    const env = Object.fromEntries(Object.entries(apiEnv).map(([k, v]) => [k, interpolate(String(v), SECRETS)]));
    const config = loadConfig(env);
    expect(config.searchEngine).toBe('meilisearch');
    expect(config.production).toBe(true);
    expect(config.databaseUrl).not.toBeNull();
    expect(config.meiliMasterKey).toBe(SECRETS.MEILI_MASTER_KEY);
  });

  it('keeps secrets out of the file: passwords and the master key come from the environment', () => {
    expect(apiEnv.MEILI_MASTER_KEY).toMatch(/^\$\{MEILI_MASTER_KEY:\?[^}]*\}$/);
    expect(compose.services.meilisearch.environment?.MEILI_MASTER_KEY).toBe(apiEnv.MEILI_MASTER_KEY);
    expect(compose.services.postgres.environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?[^}]*\}$/);
    expect(apiEnv.DATABASE_URL).toContain(':${POSTGRES_PASSWORD:?');
    // without them, the file does not even resolve
    expect(() => interpolate(String(apiEnv.MEILI_MASTER_KEY), {})).toThrow(/MEILI_MASTER_KEY is required/);
  });

  it('agrees on ports and addresses: api PORT, its published port, the Dockerfile; PostgreSQL and Meilisearch URLs', () => {
    const port = apiEnv.PORT;
    expect(port).toMatch(/^\d+$/);
    expect(api.ports).toHaveLength(1);
    const mapping = interpolate(String(api.ports![0]), {});
    expect(mapping.split(':').pop()).toBe(port);
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${port}$`, 'm'));
    expect(dockerfile).toMatch(new RegExp(`PORT=${port}\\b`));

    const db = new URL(interpolate(String(apiEnv.DATABASE_URL), SECRETS));
    expect(db.hostname).toBe('postgres');
    expect(db.port).toBe('5432'); // the official image's port; nothing in the file changes it
    const pgEnv = compose.services.postgres.environment ?? {};
    expect(pgEnv.PGPORT).toBeUndefined();
    expect(db.username).toBe(pgEnv.POSTGRES_USER);
    expect(db.pathname).toBe(`/${pgEnv.POSTGRES_DB}`);
    expect(decodeURIComponent(db.password)).toBe(SECRETS.POSTGRES_PASSWORD);

    const meili = new URL(String(apiEnv.MEILI_URL));
    expect(meili.hostname).toBe('meilisearch');
    expect(meili.port).toBe('7700'); // Meilisearch's default; MEILI_HTTP_ADDR is not set
    expect(compose.services.meilisearch.environment?.MEILI_HTTP_ADDR).toBeUndefined();
    expect(compose.services.meilisearch.healthcheck?.test.join(' ')).toContain(':7700/health');
  });

  it('keeps data in named volumes', () => {
    const declared = Object.keys(compose.volumes ?? {}).sort();
    expect(declared).toEqual(['meilidata', 'pgdata']);
    expect(compose.services.postgres.volumes).toEqual(['pgdata:/var/lib/postgresql']);
    expect(compose.services.meilisearch.volumes).toEqual(['meilidata:/meili_data']);
  });

  it('is accepted by docker-compose config, and refused without the secrets', () => {
    const found = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
    if (found.error || found.status !== 0) {
      if (process.env.PERMISSION_REQUIRE_DOCKER_COMPOSE === '1') throw new Error('docker-compose is required here (PERMISSION_REQUIRE_DOCKER_COMPOSE=1) but is not installed');
      console.log('[deployment] docker-compose is not installed: skipping `docker-compose config` (apt-get install docker-compose; .ci/run does)');
      expect(found.status).not.toBe(0);
      return;
    }
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root' };
    const out = execFileSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], { cwd: ROOT, env: { ...env, ...SECRETS }, encoding: 'utf8' });
    const resolved = parse(out) as typeof compose;
    expect(resolved.services.api.environment?.DATABASE_URL).toBe(`postgres://permission:${SECRETS.POSTGRES_PASSWORD}@postgres:5432/permission`);
    expect(resolved.services.api.environment?.MEILI_MASTER_KEY).toBe(SECRETS.MEILI_MASTER_KEY);
    const refused = spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/POSTGRES_PASSWORD|MEILI_MASTER_KEY/);
  });
});

describe('Dockerfile', () => {
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('builds in one stage with the project\'s own build script and runs from a slimmer one', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]).toMatch(/AS build/);
    expect(stages[0]).toMatch(/npm ci/);
    expect(stages[0]).toMatch(/npm run build/);
    expect(pkgScripts.build).toBeDefined();
    expect(stages[0]).toMatch(/npm prune --omit=dev/);
    const runtime = stages[stages.length - 1];
    expect(runtime).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
    expect(runtime).toMatch(/COPY --from=build \/app\/node_modules \.\/node_modules/);
  });

  it('keeps out of the build context nothing the build needs', () => {
    const ignored = fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')) as { include: string[] };
    const needed = ['package.json', 'package-lock.json', 'tsconfig.json', 'schema.graphql', ...tsconfig.include.map((g) => g.split('/')[0])];
    if (fs.existsSync(path.join(ROOT, 'portal'))) needed.push('portal'); // npm run build bundles it
    for (const n of needed) expect([n, ignored.includes(n)]).toEqual([n, false]);
    for (const secret of ['.env', '.data', '.git', 'node_modules']) expect(ignored).toContain(secret);
  });

  it('runs as a non-root user the image has, the package main, with a health check on /readyz', () => {
    const runtime = stages[stages.length - 1];
    const user = /^USER (\S+)$/m.exec(runtime)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(user).toBe('node'); // the node images' unprivileged user
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/readyz/m);
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(runtime)?.[1] ?? 'null') as string[];
    expect(cmd).toEqual(['node', pkg.main]);
  });

  it('copies only paths that exist in the repository', () => {
    const sources = [...stages[0].matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1].split(/\s+/));
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) expect([s, fs.existsSync(path.join(ROOT, s))]).toEqual([s, true]);
  });
});
