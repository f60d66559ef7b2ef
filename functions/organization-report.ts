/**
 * Organization hub, last step of the audit state machine: each account the
 * Map could not audit recorded (with its failures in a row), one digest
 * line per account, and the metrics the hub's alarms watch.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { CLIENT_RETRY } from '../shared/collect/clients.js';
import { auditorHandler } from '../shared/lambda/auditor.js';
import { runsBucketOf } from '../shared/lambda/environment.js';
import { reportOrganizationRunOutcome } from '../shared/lambda/outcomes.js';
import { reportOrganizationRun, type RunReport } from '../shared/pipeline/org-hub.js';
import { OrganizationRunFiles } from '../shared/store/organization-runs.js';

let files: OrganizationRunFiles | undefined;

export const handler = auditorHandler<unknown, RunReport>(async (event, { store, sinks }, tools) => {
  files ??= new OrganizationRunFiles(new S3Client({ ...CLIENT_RETRY }), runsBucketOf());
  return reportOrganizationRunOutcome(tools, await reportOrganizationRun(event, { store, sinks, files }));
});
