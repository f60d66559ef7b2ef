/**
 * The `iam-sentinel` command. Exit status (design.md): 0 done; 1 findings
 * at or above --fail-on; 2 bad usage or bad input, with a one-line reason
 * on stderr naming the file and what is wrong; 3 anything else (AWS
 * unreachable, DynamoDB Local failing to start), also as one line.
 */
import { PRODUCT_VERSION } from '../shared/version.js';
import { closestName } from '../shared/closest-name.js';
import { InputError, UsageError } from '../shared/errors.js';
import { scrubSecrets } from '../shared/notify/secrets.js';
import { awsManagedPolicies } from '../shared/policy/aws-managed-policies.js';
import { useManagedPolicyLibrary } from '../shared/policy/managed-library.js';
import { checksCommand } from './commands/checks.js';
import { detectCommand } from './commands/detect.js';
import { exportCommand } from './commands/export.js';
import { findingsCommand } from './commands/findings.js';
import { historyCommand } from './commands/history.js';
import { reportCommand } from './commands/report.js';
import { scanCommand } from './commands/scan.js';
import { snapshotCommand } from './commands/snapshot.js';
import { commandHelp, generalHelp } from './help.js';
import { log, out, processIo, stdoutStyle, type Command, type Io } from './io.js';

// A snapshot made with the AWS CLI may lack AWS managed policy documents: the CLI reads them from
// the maintained copy (loaded only if one is missing). The Lambda functions never load it.
useManagedPolicyLibrary(awsManagedPolicies);

export const COMMANDS: readonly Command[] = [scanCommand, snapshotCommand, detectCommand, findingsCommand, historyCommand, reportCommand, checksCommand, exportCommand];

function unknownCommand(io: Io, name: string): number {
  const near = closestName(name, COMMANDS.map((c) => c.name));
  log(io, `iam-sentinel: unknown command "${name}" (did you mean "${near}"? commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
  return 2;
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    out(io, generalHelp(COMMANDS, stdoutStyle(io)));
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    out(io, PRODUCT_VERSION);
    return 0;
  }
  if (name === 'help') {
    const topic = COMMANDS.find((c) => c.name === rest[0]);
    if (!topic) return unknownCommand(io, rest[0]);
    out(io, commandHelp(topic, stdoutStyle(io)));
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) return unknownCommand(io, name);
  if (rest.includes('--help') || rest.includes('-h')) {
    out(io, commandHelp(command, stdoutStyle(io)));
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof InputError || e instanceof UsageError) {
      log(io, `iam-sentinel: ${scrubSecrets(e.message)}`);
      return 2;
    }
    const err = e as Error;
    log(io, scrubSecrets(`iam-sentinel: ${name} failed: ${err?.name && err.name !== 'Error' ? `${err.name}: ` : ''}${err?.message ?? String(e)}`));
    if (io.env.IAM_SENTINEL_DEBUG) log(io, scrubSecrets(String(err?.stack ?? '')));
    return 3;
  }
}
