/**
 * Reading the packaged CloudFormation template and function zips: the few
 * intrinsic functions the checks need evaluated (conditions, Fn::If), and a
 * zip's file list from its central directory.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export interface Resource {
  readonly Type: string;
  readonly Condition?: string;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly DependsOn?: Json;
  readonly Properties: Record<string, Json>;
}
export interface Template {
  readonly Resources: Record<string, Resource>;
  readonly Conditions?: Record<string, Json>;
  readonly Outputs?: Record<string, Json>;
}

export const ref = (logicalId: string) => ({ Ref: logicalId });
export const getAtt = (logicalId: string, attribute: string) => ({ 'Fn::GetAtt': [logicalId, attribute] });

export function resourcesOf(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

/** Evaluates a condition made of Fn::Not / Fn::Equals / Fn::And / Fn::Or over literals (serverless parameters are literals by then). */
export function conditionHolds(template: Template, name: string): boolean {
  const evaluate = (node: Json): Json => {
    if (node && typeof node === 'object' && !Array.isArray(node)) {
      const [[fn, args]] = Object.entries(node);
      const a = (args as Json[]).map(evaluate);
      switch (fn) {
        case 'Fn::Not':
          return !a[0];
        case 'Fn::Equals':
          return a[0] === a[1];
        case 'Fn::And':
          return a.every(Boolean);
        case 'Fn::Or':
          return a.some(Boolean);
        case 'Condition':
          return conditionHolds(template, String(args));
        default:
          throw new Error(`cannot evaluate ${fn} in condition ${name}`);
      }
    }
    return node;
  };
  const condition = template.Conditions?.[name];
  if (condition === undefined) throw new Error(`no condition ${name}`);
  return Boolean(evaluate(condition));
}

const NO_VALUE = { Ref: 'AWS::NoValue' };

/** `node` with every Fn::If replaced by its chosen branch and AWS::NoValue entries dropped. */
export function resolveIfs(template: Template, node: Json): Json {
  if (Array.isArray(node)) {
    return node.map((n) => resolveIfs(template, n)).filter((n) => JSON.stringify(n) !== JSON.stringify(NO_VALUE));
  }
  if (node && typeof node === 'object') {
    const fnIf = node['Fn::If'];
    if (Array.isArray(fnIf)) return resolveIfs(template, conditionHolds(template, String(fnIf[0])) ? fnIf[1] : fnIf[2]);
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolveIfs(template, v)]));
  }
  return node;
}

export interface Statement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: Json;
  readonly Condition?: Json;
}

export function statementsOfRole(template: Template, role: Resource): Statement[] {
  const policies = (role.Properties.Policies ?? []) as { PolicyDocument: { Statement: Json } }[];
  return policies.flatMap((p) => resolveIfs(template, p.PolicyDocument.Statement) as unknown as Statement[]);
}

export const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
export const resourcesOfStatement = (s: Statement): Json[] => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

/** Names of the files in a zip archive, from its central directory. */
export async function zipEntries(file: string): Promise<string[]> {
  const zip = await readFile(file);
  const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== END_OF_CENTRAL_DIRECTORY) end--;
  if (end < 0) throw new Error(`${file} is not a zip archive`);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/**
 * Whether an event matches an EventBridge pattern, for the pattern features
 * the stack uses: value lists, `prefix`, nested fields and `$or`.
 */
export function matchesPattern(pattern: Json, event: Json): boolean {
  if (!pattern || typeof pattern !== 'object' || Array.isArray(pattern)) throw new Error('a pattern is an object');
  return Object.entries(pattern).every(([key, expected]) => {
    if (key === '$or') return (expected as Json[]).some((alternative) => matchesPattern(alternative, event));
    const actual = event && typeof event === 'object' && !Array.isArray(event) ? event[key] : undefined;
    if (Array.isArray(expected)) {
      return expected.some((e) =>
        e && typeof e === 'object' && !Array.isArray(e) && 'prefix' in e ? typeof actual === 'string' && actual.startsWith(String(e.prefix)) : e === actual,
      );
    }
    return actual !== undefined && matchesPattern(expected, actual);
  });
}

/** IAM's service prefix of an SDK client package where the two differ. */
const IAM_PREFIX: Readonly<Record<string, string>> = { accessanalyzer: 'access-analyzer' };

/**
 * The SDK commands of `services` reachable from a module through relative
 * imports, as IAM actions ("iam:GetUser"): what a role must allow, exactly.
 */
export async function awsActionsReachableFrom(entry: string, services: readonly string[]): Promise<Set<string>> {
  const actions = new Set<string>();
  const seen = new Set<string>();
  const queue = [resolve(entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = await readFile(file, 'utf8');
    for (const m of source.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) queue.push(resolve(dirname(file), `${m[1]}.ts`));
    for (const m of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z-]+)'/g)) {
      if (!services.includes(m[2])) continue;
      for (const name of m[1].split(',').map((n) => n.trim())) {
        const command = /^(\w+)Command$/.exec(name);
        if (command && source.includes(`new ${name}(`)) actions.add(`${IAM_PREFIX[m[2]] ?? m[2]}:${command[1]}`);
      }
    }
  }
  return actions;
}

/**
 * cfn-lint (AWS's CloudFormation linter, a Python tool) on a template file:
 * its findings, one per line, or null when cfn-lint is not installed here.
 */
export async function cfnLint(file: string, ignore: readonly string[] = []): Promise<string[] | null> {
  const { execFile } = await import('node:child_process');
  return new Promise((done, fail) => {
    execFile('cfn-lint', ['--format', 'parseable', ...ignore.flatMap((rule) => ['--ignore-checks', rule]), '--', file], { timeout: 120_000 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') return done(null);
      // cfn-lint exits non-zero when it reports anything: the report is the result.
      if (error && !stdout.trim()) return fail(new Error(`cfn-lint failed: ${stderr.trim() || error.message}`));
      done(stdout.split('\n').filter(Boolean));
    });
  });
}
