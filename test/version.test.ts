import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRODUCT_VERSION } from '../shared/version.js';
import { cli } from './cli/run-cli.js';

describe('the version', () => {
  it('is package.json\'s, and --version prints it', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(PRODUCT_VERSION).toBe(pkg.version);
    const r = await cli(['--version']);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});
