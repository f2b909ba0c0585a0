#!/usr/bin/env node
/**
 * Checks that the packages work as published, not only inside the workspace:
 *
 * 1. packs each publishable package with pnpm (which rewrites `workspace:^` to real versions),
 * 2. lints each tarball with publint and with attw (`--profile esm-only`),
 * 3. installs all tarballs with npm into a fresh project, type-checks a consumer file against them with
 *    `tsc --strict --module nodenext`, and runs a small simulation from the installed packages.
 *
 * The packages must be built first (`npm run build`; turbo does it in `npm test`).
 *
 * Environment:
 *   PACK_PACKAGES=core,models  check only these packages (directory names under packages/) and the
 *                              workspace packages they depend on; default: all publishable packages.
 *   PACK_KEEP=1                keep the temporary directory (it is always kept when a check fails).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Dependency order (lower packages first); packages not listed go last. */
const ORDER = ['core', 'gpu-runtime', 'models', 'connectivity', 'plasticity', 'simulator', 'profiles', 'io-hdf5'];
// Every package under packages/ that is not private is published, so every one is checked.
const PUBLISHABLE = readdirSync(new URL('../packages/', import.meta.url))
  .filter((dir) => {
    try {
      return !JSON.parse(readFileSync(new URL(`../packages/${dir}/package.json`, import.meta.url), 'utf8')).private;
    } catch {
      return false;
    }
  })
  .sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99));
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpm = rootManifest.packageManager; // e.g. pnpm@10.34.8: the same pnpm the workspace uses
const bin = (name) => join(root, 'node_modules', '.bin', name);

const failures = [];

/** A path inside the repository relative to it; others as they are. */
const shortPath = (p) => (p.startsWith(root) ? relative(root, p) || '.' : p);

/** Runs a command with inherited output; returns true when it exits 0. */
function run(label, command, args, options = {}) {
  const where = options.cwd && options.cwd !== root ? ` (in ${shortPath(options.cwd)})` : '';
  console.log(`\n$ ${[command, ...args].map(shortPath).join(' ')}${where}`);
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.status === 0) return true;
  failures.push(`${label}: ${result.error ? result.error.message : `exit code ${result.status ?? result.signal}`}`);
  return false;
}

function section(title) {
  console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 76 - title.length))}`);
}

/** npm in the consumer project must not see the settings pnpm passes to scripts (npm_config_*, npm_package_*). */
function cleanEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    const k = key.toLowerCase();
    if (
      (k.startsWith('npm_config_') && !/^npm_config_(registry|cache|userconfig|proxy|https_proxy|noproxy|strict_ssl|cafile)$/.test(k)) ||
      k.startsWith('npm_package_') ||
      k.startsWith('pnpm_')
    )
      delete env[key];
  }
  return env;
}

// ── Which packages ───────────────────────────────────────────────────────────────────────────────
const manifests = Object.fromEntries(PUBLISHABLE.map((dir) => [dir, JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'))]));
const dirOfName = Object.fromEntries(PUBLISHABLE.map((dir) => [manifests[dir].name, dir]));
const requested = process.env.PACK_PACKAGES ? process.env.PACK_PACKAGES.split(',').map((s) => s.trim().replace(/^@spikegpu\//, '')) : PUBLISHABLE;
for (const dir of requested) {
  if (!PUBLISHABLE.includes(dir)) {
    console.error(`PACK_PACKAGES: unknown package '${dir}'; publishable packages: ${PUBLISHABLE.join(', ')}`);
    process.exit(2);
  }
}
const selected = new Set();
const addWithDeps = (dir) => {
  if (selected.has(dir)) return;
  selected.add(dir);
  for (const dep of Object.keys(manifests[dir].dependencies ?? {})) if (dirOfName[dep]) addWithDeps(dirOfName[dep]);
};
requested.forEach(addWithDeps);
const packages = PUBLISHABLE.filter((dir) => selected.has(dir));

const work = mkdtempSync(join(tmpdir(), 'spikegpu-pack-'));
const tarballDir = join(work, 'tarballs');
mkdirSync(tarballDir);
console.log(`Packing and installing ${packages.map((d) => manifests[d].name).join(', ')} in ${work}`);

// ── Pack and lint each package ───────────────────────────────────────────────────────────────────
const tarballs = [];
for (const dir of packages) {
  const name = manifests[dir].name;
  const pkgDir = join(root, 'packages', dir);
  section(name);
  const missing = ['dist/index.js', 'dist/index.d.ts'].filter((f) => !existsSync(join(pkgDir, f)));
  if (missing.length > 0) {
    failures.push(`${name}: not built (missing ${missing.join(', ')}); run \`npm run build\` first`);
    console.error(`✗ ${name} is not built: ${missing.join(', ')} missing. Run \`npm run build\` first.`);
    continue;
  }
  const before = new Set(readdirSync(tarballDir));
  if (!run(`${name}: pnpm pack`, 'npx', ['--yes', pnpm, 'pack', '--pack-destination', tarballDir], { cwd: pkgDir })) continue;
  const made = readdirSync(tarballDir).filter((f) => f.endsWith('.tgz') && !before.has(f));
  if (made.length !== 1) {
    failures.push(`${name}: expected one tarball from pnpm pack, found ${made.length}`);
    continue;
  }
  const tarball = join(tarballDir, made[0]);
  tarballs.push(tarball);
  const packed = readFileSync(tarball);
  console.log(`packed ${made[0]} (${(packed.length / 1024).toFixed(1)} KiB)`);
  // Both linters read the tarball itself: exactly what would be published, with versions rewritten.
  run(`${name}: publint`, bin('publint'), ['run', tarball], { cwd: pkgDir });
  run(`${name}: attw`, bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'table', '--no-emoji', ...(process.stdout.isTTY ? [] : ['--no-color'])], {
    cwd: pkgDir,
  });
}

// ── Install the tarballs into a fresh project and use them ───────────────────────────────────────
if (tarballs.length === packages.length && tarballs.length > 0) {
  const consumer = join(work, 'consumer');
  mkdirSync(consumer);
  section('a fresh project using the installed packages');
  const env = cleanEnv();
  const ok =
    run('consumer: npm init', 'npm', ['init', '-y', '--silent'], { cwd: consumer, env, stdio: ['inherit', 'ignore', 'inherit'] }) &&
    (() => {
      const manifest = JSON.parse(readFileSync(join(consumer, 'package.json'), 'utf8'));
      manifest.type = 'module';
      writeFileSync(join(consumer, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      return true;
    })() &&
    run('consumer: npm install', 'npm', ['install', ...tarballs, 'typescript@5.8.3', '@types/node@20', '--no-audit', '--no-fund'], { cwd: consumer, env });
  if (ok) {
    const full = selected.has('simulator');
    const namespaces = packages.map((dir, k) => `import * as pkg${k} from '${manifests[dir].name}';`).join('\n');
    const check = full
      ? `${namespaces}
import type { NetworkDescription, PopulationSpec } from '@spikegpu/core';
import { Simulation, cobaNetwork, izhikevich2003Network, type PopulationSummary } from '@spikegpu/simulator';

const description: NetworkDescription = cobaNetwork({ size: 400 });
const population: PopulationSpec | undefined = izhikevich2003Network().populations[0];

export async function main(): Promise<PopulationSummary[]> {
  const sim: Simulation = await Simulation.create(description, { backend: 'cpu' });
  await sim.run(10);
  const summary = await sim.summary();
  const rate: number | undefined = summary[0]?.rateHz;
  const spikes: { times: Float64Array; ids: Uint32Array } = sim.spikesOf('exc');
  const v: Float32Array = await sim.readState('exc', 'v');
  sim.destroy();
  console.log(population, rate, spikes, v);
  return summary;
}

// The types are real, not \`any\`: a description without populations must not type-check.
// @ts-expect-error populations is required
export const incomplete: NetworkDescription = { dt: 0.1, seed: 1 };
export const all = [${packages.map((_, k) => `pkg${k}`).join(', ')}];
`
      : `${namespaces}
${selected.has('core') ? "import type { NetworkDescription } from '@spikegpu/core';\n// @ts-expect-error populations is required\nexport const incomplete: NetworkDescription = { dt: 0.1, seed: 1 };" : ''}
export const all = [${packages.map((_, k) => `pkg${k}`).join(', ')}];
`;
    writeFileSync(join(consumer, 'check.ts'), check);
    const script = full
      ? `import { Simulation, cobaNetwork } from '@spikegpu/simulator';
const sim = await Simulation.create(cobaNetwork({ size: 400 }), { backend: 'cpu' });
await sim.run(50);
const s = await sim.summary();
if (!(s.length === 2)) throw new Error('bad summary');
console.log('installed packages ran:', JSON.stringify(s));
sim.destroy();
`
      : `${packages.map((dir, k) => `import * as pkg${k} from '${manifests[dir].name}';`).join('\n')}
const modules = { ${packages.map((dir, k) => `'${manifests[dir].name}': pkg${k}`).join(', ')} };
for (const [name, m] of Object.entries(modules)) {
  if (Object.keys(m).length === 0) throw new Error(name + ' exports nothing');
  console.log('installed', name, 'exports', Object.keys(m).length, 'names');
}
`;
    writeFileSync(join(consumer, 'run.mjs'), script);
    console.log(`\nwrote check.ts and run.mjs${full ? '' : ' (import checks only: @spikegpu/simulator is not among the packages)'}`);
    run('consumer: tsc', 'npx', ['--no-install', 'tsc', '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', 'check.ts'], {
      cwd: consumer,
      env,
    });
    run('consumer: node run.mjs', process.execPath, ['run.mjs'], { cwd: consumer, env });
  }
} else if (tarballs.length > 0) {
  console.log('\nSkipping the install test: not every package could be packed.');
}

// ── Result ───────────────────────────────────────────────────────────────────────────────────────
section('result');
if (failures.length === 0) {
  if (process.env.PACK_KEEP) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
  console.log(`pack-install test passed for ${packages.length} package(s).`);
} else {
  console.error(`pack-install test FAILED (${failures.length}):`);
  for (const f of failures) console.error(`  ✗ ${f}`);
  console.error(`files kept in ${work}`);
  process.exit(1);
}
