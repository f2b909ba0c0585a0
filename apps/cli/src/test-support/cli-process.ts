/**
 * Test-only: builds the CLI's bin and runs it as a real process. Not part of the bundle.
 * @internal
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(appDir, 'dist', 'cli.js');

let isBuilt = false;

/** Bundles `dist/cli.js` from the current sources, once per test process. */
export function buildCli(): void {
  if (isBuilt) return;
  execFileSync('npx', ['tsup'], { cwd: appDir, stdio: 'pipe' });
  isBuilt = true;
}

const tempDirs: string[] = [];

/** A fresh temporary directory for a test's files (removed by {@link removeTempDirs}). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spikegpu-cli-'));
  tempDirs.push(dir);
  return dir;
}

/** Removes the directories {@link tempDir} made (call it in `afterAll`). */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** An environment in which Vulkan finds no driver: no WebGPU adapter, whatever the machine has. */
export const NO_GPU_ENV = { VK_ICD_FILENAMES: '/nonexistent/no-vulkan-driver.json' };

const SWIFTSHADER_ICDS = [
  '/usr/lib/chromium/vk_swiftshader_icd.json',
  '/usr/lib/chromium-browser/vk_swiftshader_icd.json',
  '/opt/google/chrome/vk_swiftshader_icd.json',
];

/** The environment that gives a WebGPU adapter: the given VK_ICD_FILENAMES, else SwiftShader; null without either. */
export function gpuEnv(): Record<string, string> | null {
  if (process.env.VK_ICD_FILENAMES && existsSync(process.env.VK_ICD_FILENAMES)) return { VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES };
  const icd = SWIFTSHADER_ICDS.find((path) => existsSync(path));
  return icd ? { VK_ICD_FILENAMES: icd } : null;
}

/** How a CLI process ended and what it wrote. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `node dist/cli.js …`; `done` settles when it exits. */
export function startCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): { child: ChildProcess; stderr: () => string; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: { ...process.env, ...NO_GPU_ENV, ...options.env }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, stderr: () => stderr, done };
}

/** Runs `node dist/cli.js …` to its end (without a GPU unless `env` gives one). */
export function runCli(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  return startCli(args, options).done;
}

/** Lines a process wrote to stderr, without the Vulkan loader's and Dawn's own notices. */
export function ownLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => !/XDG_RUNTIME_DIR|^Warning: |^ - While |^\s+at InitializeImpl|vulkan|Vulkan/.test(line));
}
