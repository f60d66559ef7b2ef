/**
 * Organization hub, first step of the audit state machine: the ACTIVE
 * accounts of the organization (all, or the one a new spoke stack was just
 * created in), written for the Distributed Map to read.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { CLIENT_RETRY } from '../shared/collect/clients.js';
import { organizationsClient } from '../shared/collect/organization.js';
import { runsBucketOf } from '../shared/lambda/environment.js';
import { observability, observedHandler } from '../shared/lambda/observability.js';
import { startOrganizationRun, type RunDescriptor } from '../shared/pipeline/org-hub.js';
import { OrganizationRunFiles } from '../shared/store/organization-runs.js';

const tools = observability();
let deps: Parameters<typeof startOrganizationRun>[1] | undefined;

export const handler = observedHandler<{ event?: unknown; execution?: string }, RunDescriptor>(tools, async (input) => {
  deps ??= { organizations: organizationsClient(), files: new OrganizationRunFiles(new S3Client({ ...CLIENT_RETRY }), runsBucketOf()) };
  const run = await startOrganizationRun(input.event ?? input, deps, input.execution);
  tools.logger.info('Organization audit run', { run });
  return run;
});
