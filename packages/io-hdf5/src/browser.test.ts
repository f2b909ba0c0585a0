import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';

// io-hdf5 in a real browser: Debian's Chromium (never a downloaded one) runs a bundle of the package
// with h5wasm's browser build; the page checkpoints a simulation, moves the file as bytes and resumes.
const CHROMIUM = '/usr/bin/chromium';
const scratch = mkdtempSync(join(tmpdir(), 'spikegpu-browser-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it.skipIf(!existsSync(CHROMIUM))(
  'checkpoints and resumes bit-identically in Chromium, through h5wasm in memory',
  async () => {
    const bundle = join(scratch, 'entry.js');
    await build({
      entryPoints: [fileURLToPath(new URL('../test/browser-entry.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      conditions: ['source'],
      loader: { '.wgsl': 'text' },
      outfile: bundle,
      logLevel: 'silent',
    });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.setContent('<!doctype html><title>io-hdf5</title>');
      await page.addScriptTag({ path: bundle, type: 'module' });
      await page.waitForFunction(() => (globalThis as { spikegpuResult?: unknown }).spikegpuResult !== undefined, undefined, { timeout: 90_000 });
      const result = await page.evaluate(() => (globalThis as { spikegpuResult?: Promise<unknown> }).spikegpuResult);
      expect(errors).toEqual([]);
      expect(result).toMatchObject({ isBrowser: true, checkpointStep: 600, identical: true });
      const { fileBytes, hdf5Signature, spikesAfterRestore } = result as { fileBytes: number; hdf5Signature: number[]; spikesAfterRestore: number };
      expect(hdf5Signature).toEqual([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]); // "\x89HDF\r\n\x1a\n"
      expect(fileBytes).toBeGreaterThan(1000);
      expect(spikesAfterRestore).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  },
  180_000,
);
