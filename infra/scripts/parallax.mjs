#!/usr/bin/env node
// The README's commands. `npm start` and `npm test` must work on a machine that has only Node.js and npm, so this
// file uses nothing but Node's standard library: it brings pnpm through npx, installs, builds, then runs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmSpec = rootPackage.packageManager; // e.g. pnpm@10.34.8, pinned so every machine resolves the same lockfile
const [major, minor] = process.versions.node.split('.').map(Number);

function fail(message) {
  console.error(`\n✖ ${message}`);
  process.exit(1);
}

if (major < 20 || (major === 20 && minor < 19)) fail(`Parallax needs Node.js >= 20.19 (this is ${process.version}).`);

function heading(text) {
  console.log(`\n\x1b[1m▶ ${text}\x1b[0m`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env, ...options });
  if (result.error) return { ok: false, code: 1, error: result.error };
  return { ok: result.status === 0, code: result.status ?? 1 };
}

function pnpm(args, options) {
  return run('npx', ['--yes', pnpmSpec, ...args], options);
}

function install() {
  heading(`Installing dependencies (${pnpmSpec}, frozen lockfile)`);
  const result = pnpm(['install', '--frozen-lockfile', '--prefer-offline', '--reporter=append-only']);
  if (!result.ok) fail('Installing dependencies failed (see above).');
}

/** Newest modification time under the given paths, skipping build output and dependencies. */
function newestMtime(paths) {
  let newest = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) {
        if (['node_modules', 'build', 'dist', '.svelte-kit'].includes(name)) continue;
        visit(join(path, name));
      }
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  paths.forEach((path) => visit(join(root, path)));
  return newest;
}

function build({ force = false } = {}) {
  const sources = newestMtime(['apps', 'packages', 'pnpm-lock.yaml', 'tsconfig.base.json']);
  const outputs = ['apps/web/build/index.html', 'apps/server/dist/main.js'].map((path) => join(root, path));
  const builtAt = outputs.every(existsSync) ? Math.min(...outputs.map((path) => statSync(path).mtimeMs)) : 0;
  if (!force && builtAt > sources) {
    heading('Build is up to date');
    return;
  }
  heading('Building the web app and the server');
  const result = pnpm(['--filter', '@parallax/web', '--filter', '@parallax/server', 'run', 'build']);
  if (!result.ok) fail('Build failed (see above).');
}

function startServer() {
  const dataDir = process.env.DATA_DIR ?? join(root, 'data');
  if (!process.env.DATABASE_URL) mkdirSync(dataDir, { recursive: true });
  heading(
    `Starting Parallax on http://localhost:${process.env.PORT ?? 3000} ` +
      `(${process.env.DATABASE_URL ? 'PostgreSQL from DATABASE_URL' : `embedded PGlite in ${dataDir}`})`,
  );
  const child = spawn(process.execPath, ['--enable-source-maps', join(root, 'apps/server/dist/main.js')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, DATA_DIR: dataDir },
  });
  // The server flushes every open incident on SIGTERM/SIGINT; pass signals through and wait for it.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const STEPS = {
  lint: () => run(join(root, 'node_modules/.bin/eslint'), ['.', '--max-warnings', '0']),
  format: () => run(join(root, 'node_modules/.bin/prettier'), ['--check', '.', '--log-level', 'warn']),
  typecheck: () => pnpm(['-r', '--workspace-concurrency=1', 'run', 'typecheck']),
  cycles: () =>
    run(join(root, 'node_modules/.bin/madge'), [
      '--circular',
      '--no-spinner',
      '--extensions',
      'ts',
      '--ts-config',
      'tsconfig.base.json',
      'apps/server/src',
      'apps/web/src',
      'packages',
    ]),
};

function runTests(filters) {
  install();
  build({ force: true });
  const results = [];
  if (filters.length === 0) {
    for (const [name, step] of Object.entries(STEPS)) {
      heading(`Check: ${name}`);
      results.push([name, step().ok]);
    }
  }
  heading('Tests (vitest: unit, integration, end-to-end)');
  const reportDir = join(root, 'node_modules/.cache/parallax');
  mkdirSync(reportDir, { recursive: true });
  const report = join(reportDir, 'vitest-report.json');
  rmSync(report, { force: true });
  const vitest = run(join(root, 'node_modules/.bin/vitest'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...filters,
  ]);
  results.push(['tests', vitest.ok]);

  heading('Summary');
  for (const [name, ok] of results) console.log(`  ${ok ? '✔' : '✖'} ${name}`);
  if (existsSync(report)) {
    const summary = JSON.parse(readFileSync(report, 'utf8'));
    const skipped = summary.numPendingTests + summary.numTodoTests;
    // The plain closing line CI reads, whatever the runner.
    console.log(`\n${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${skipped} skipped`);
  } else {
    console.log('\n0 passed, 1 failed');
  }
  process.exit(results.every(([, ok]) => ok) ? 0 : 1);
}

const [command = 'start', ...rest] = process.argv.slice(2);
switch (command) {
  case 'start':
    install();
    build();
    startServer();
    break;
  case 'test':
    runTests(rest);
    break;
  case 'bench': {
    install();
    build();
    heading('Benchmarks');
    const result = run(process.execPath, ['--import', 'tsx', join(root, 'test/bench/run.ts'), ...rest]);
    process.exit(result.code);
    break;
  }
  default:
    fail(`Unknown command "${command}". Use start, test or bench.`);
}
