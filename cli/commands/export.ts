/**
 * `iam-sentinel export securityhub`: the store's findings into AWS Security
 * Hub (ASFF, BatchImportFindings), only what changed since the last export,
 * resolved ones archived (design.md "Findings out"). The credentials must be
 * those of the findings' account: the default product accepts no other.
 */
import { UsageError } from '../../shared/errors.js';
import {
  MissingRegionError,
  clientRegion,
  exportIncomplete,
  exportProblems,
  exportToSecurityHub,
  sameAccountTarget,
  securityHubClient,
  type SecurityHubExportResult,
} from '../../shared/export/securityhub.js';
import { DynamoExportStateStore } from '../../shared/store/export-state.js';
import { DEFAULT_LOCAL_TABLE, DynamoFindingStore } from '../../shared/store/index.js';
import { CONFIG_OPTION, READ_STORE_OPTIONS, defineCommand, formatOption, options, stringOption, type Parsed } from '../args.js';
import { readStore, storeKindFrom } from '../context.js';
import { columns, paint } from '../format/text.js';
import { log, out, printJson, stdoutStyle, type Io } from '../io.js';
import { withStep } from '../progress.js';

const SINKS = ['securityhub'] as const;

/** The table the store options name (what openStore opens), for the export-state records kept beside the findings. */
function tableName(parsed: Parsed, io: Io): string {
  const given = stringOption(parsed.values.table);
  if (storeKindFrom('export', parsed, 'local') === 'aws') return given ?? io.env.IAM_SENTINEL_TABLE ?? '';
  return given ?? DEFAULT_LOCAL_TABLE;
}

const accountIdProblem = (value: string) => (/^\d{12}$/.test(value) ? undefined : `expected a 12-digit AWS account id (got "${value}")`);

export const EXPORT_OPTIONS = options({
  region: { type: 'string', valueName: 'REGION', env: 'AWS_REGION', description: "the Security Hub Region (the ProductArn's Region)", defaultText: "the SDK's Region setting" },
  account: { type: 'string', valueName: 'ID', validate: accountIdProblem, description: "only this account's findings (the credentials must be that account's)", defaultText: 'every account in the store' },
  ...formatOption(['table', 'json'] as const, 'table (one row per account) or json (exactly one document on stdout)'),
  ...CONFIG_OPTION,
  ...READ_STORE_OPTIONS,
});

export const exportCommand = defineCommand({
  name: 'export',
  summary: 'send the stored findings to AWS Security Hub (ASFF), only what changed',
  operand: { valueName: 'DESTINATION', description: 'where the findings go', allowed: SINKS, required: true },
  options: EXPORT_OPTIONS,
  examples: [
    { args: 'securityhub --region eu-west-1', what: 'import what changed in the local store since the last export; resolved findings are archived' },
    { args: 'securityhub --store aws --table iam-sentinel-prod-findings --format json', what: "the deployed table's findings, the result as JSON" },
  ],
  async run(parsed, io) {
    const { format, account } = parsed.values;
    const client = securityHubClient(stringOption(parsed.values.region));
    try {
      // Resolved first: without a Region there is no ProductArn, and nothing to start DynamoDB Local for.
      const region = await clientRegion(client).catch((e: unknown) => {
        if (e instanceof MissingRegionError) throw new UsageError('export securityhub: no AWS Region: give --region or set AWS_REGION');
        throw e;
      });
      const result = await readStore('export', parsed, io, async (store) => {
        if (!(store instanceof DynamoFindingStore)) throw new Error('export needs the DynamoDB finding store');
        const exported = new DynamoExportStateStore(store.client, tableName(parsed, io));
        return withStep(io, `Importing into Security Hub (${region})`, () =>
          exportToSecurityHub({ store, exported, targetFor: sameAccountTarget(client), ...(account ? { accounts: [account] } : {}) }),
        );
      });
      if (format === 'json') printJson(io, result);
      else out(io, exportTable(result, io));
      for (const problem of exportProblems(result)) log(io, `iam-sentinel: ${problem}`);
      return exportIncomplete(result) ? 3 : 0;
    } finally {
      client.destroy();
    }
  },
});

function exportTable(result: SecurityHubExportResult, io: Io): string {
  const style = stdoutStyle(io);
  if (result.accounts.length === 0) return paint(style, 'No findings in the store: nothing to export.', 'dim') + '\n';
  const rows = result.accounts.map((a) => [
    a.account,
    a.region,
    String(a.imported),
    String(a.archived),
    String(a.unchanged),
    String(a.failed.length),
    a.error ? `failed: ${a.error}` : a.productArn,
  ]);
  return columns(style, ['account', 'region', 'imported', 'archived', 'unchanged', 'refused', 'product'], rows);
}
