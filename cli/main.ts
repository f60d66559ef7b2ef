/**
 * The `iam-sentinel` command. Exit status (design.md): 0 done; 1 findings
 * at or above --fail-on; 2 bad usage or bad input, with a one-line reason
 * on stderr naming the file and what is wrong; 3 anything else (AWS
 * unreachable, DynamoDB Local failing to start), also as one line.
 */
import { InputError, UsageError } from '../shared/errors.js';
import { awsManagedPolicies } from '../shared/policy/aws-managed-policies.js';
import { useManagedPolicyLibrary } from '../shared/policy/managed-library.js';
import { checksCommand } from './commands/checks.js';
import { detectCommand } from './commands/detect.js';
import { findingsCommand } from './commands/findings.js';
import { historyCommand } from './commands/history.js';
import { reportCommand } from './commands/report.js';
import { scanCommand } from './commands/scan.js';
import { snapshotCommand } from './commands/snapshot.js';
import { log, out, processIo, type Command, type Io } from './io.js';

// A snapshot made with the AWS CLI may lack AWS managed policy documents: the CLI reads them from
// the maintained copy (loaded only if one is missing). The Lambda functions never load it.
useManagedPolicyLibrary(awsManagedPolicies);

export const COMMANDS: readonly Command[] = [scanCommand, snapshotCommand, detectCommand, findingsCommand, historyCommand, reportCommand, checksCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'iam-sentinel: continuous compliance for AWS IAM',
    '',
    'Usage: iam-sentinel <command> [options]   (iam-sentinel <command> --help for its options)',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Exit status: 0 done, 1 findings at or above --fail-on, 2 bad usage or input, 3 other failure.',
  ].join('\n');
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(io, usage());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    out(io, '0.1.0');
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    log(io, `iam-sentinel: unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(io, `${command.summary}\n\nUsage: ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof InputError || e instanceof UsageError) {
      log(io, `iam-sentinel: ${e.message}`);
      return 2;
    }
    const err = e as Error;
    log(io, `iam-sentinel: ${name} failed: ${err?.name && err.name !== 'Error' ? `${err.name}: ` : ''}${err?.message ?? String(e)}`);
    if (io.env.IAM_SENTINEL_DEBUG) log(io, String(err?.stack ?? ''));
    return 3;
  }
}
