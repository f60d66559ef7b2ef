/**
 * What kind of AWS resource a finding names, read from its ARN (not from a
 * list of checks, so new checks need nothing here): the Security Hub
 * resource type, the name, partition and region.
 */
import { parseArn } from '../notify/aws-console-links.js';

/** Resource types of ASFF that iam-sentinel's findings name; anything else is "Other". */
export type AsffResourceType = 'AwsAccount' | 'AwsIamUser' | 'AwsIamRole' | 'AwsIamGroup' | 'AwsIamPolicy' | 'AwsCloudTrailTrail' | 'Other';

export interface ResourceFacts {
  readonly arn: string;
  readonly type: AsffResourceType;
  /** The entity's name (the last path segment), or the account id for the account itself. */
  readonly name: string;
  /** aws, aws-cn, aws-us-gov; null when the resource is no ARN. */
  readonly partition: string | null;
  /** The ARN's own region (trails); null for global IAM resources. */
  readonly region: string | null;
  readonly account: string | null;
}

const IAM_TYPES: Readonly<Record<string, AsffResourceType>> = {
  root: 'AwsAccount',
  user: 'AwsIamUser',
  role: 'AwsIamRole',
  group: 'AwsIamGroup',
  policy: 'AwsIamPolicy',
};

export function resourceFacts(resource: string): ResourceFacts {
  const arn = parseArn(resource);
  if (!arn) return { arn: resource, type: 'Other', name: resource, partition: null, region: null, account: null };
  let type: AsffResourceType = 'Other';
  if (arn.service === 'iam') type = IAM_TYPES[arn.resourceType] ?? 'Other';
  else if (arn.service === 'cloudtrail' && arn.resourceType === 'trail') type = 'AwsCloudTrailTrail';
  const name = type === 'AwsAccount' ? arn.account : arn.name || resource.slice(resource.lastIndexOf(':') + 1);
  return { arn: resource, type, name, partition: arn.partition, region: arn.region || null, account: arn.account && arn.account !== 'aws' ? arn.account : null };
}

/** The partition a region belongs to (a Security Hub ProductArn is in the region's partition). */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
