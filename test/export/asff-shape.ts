/**
 * ASFF checked against AWS's own model of it: the AwsSecurityFinding shape
 * the Security Hub SDK ships (every field name at every level, the
 * required members, the JSON type of each value) and the enums it defines,
 * plus the field rules of the ASFF syntax reference the model cannot say
 * (lengths, ISO 8601 times, type names).
 */
import { AwsSecurityFinding$, ComplianceStatus, Partition, RecordState, SeverityLabel, WorkflowStatus } from '@aws-sdk/client-securityhub';
import { NormalizedSchema } from '@smithy/core/schema';

type Schema = ReturnType<typeof NormalizedSchema.of>;

function requiredCount(schema: Schema): number {
  const raw = schema.getSchema() as unknown;
  return Array.isArray(raw) && typeof raw[6] === 'number' ? raw[6] : 0;
}

function walk(schema: Schema, value: unknown, path: string, errors: string[]): void {
  if (schema.isStructSchema()) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return void errors.push(`${path}: expected an object`);
    const members = [...schema.structIterator()];
    const names = new Set(members.map(([n]) => n));
    for (const key of Object.keys(value)) if (!names.has(key)) errors.push(`${path}/${key}: not a member of ${schema.getName()}`);
    members.slice(0, requiredCount(schema)).forEach(([n]) => {
      if ((value as Record<string, unknown>)[n] === undefined) errors.push(`${path}/${n}: required by ${schema.getName()}`);
    });
    for (const [n, member] of members) {
      const v = (value as Record<string, unknown>)[n];
      if (v !== undefined) walk(member, v, `${path}/${n}`, errors);
    }
  } else if (schema.isListSchema()) {
    if (!Array.isArray(value)) return void errors.push(`${path}: expected an array`);
    value.forEach((v, i) => walk(schema.getValueSchema(), v, `${path}/${i}`, errors));
  } else if (schema.isMapSchema()) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return void errors.push(`${path}: expected a map`);
    for (const [k, v] of Object.entries(value)) walk(schema.getValueSchema(), v, `${path}/${k}`, errors);
  } else if (schema.isStringSchema()) {
    if (typeof value !== 'string') errors.push(`${path}: expected a string`);
  } else if (schema.isNumericSchema()) {
    if (typeof value !== 'number') errors.push(`${path}: expected a number`);
  } else if (schema.isBooleanSchema()) {
    if (typeof value !== 'boolean') errors.push(`${path}: expected a boolean`);
  }
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const TYPE_NAMESPACES = ['Software and Configuration Checks', 'TTPs', 'Effects', 'Unusual Behaviors', 'Sensitive Data Identifications'];
export const RESOURCE_TYPES = ['AwsAccount', 'AwsIamUser', 'AwsIamRole', 'AwsIamGroup', 'AwsIamPolicy', 'AwsCloudTrailTrail', 'Other'];

const oneOf = (errors: string[], path: string, value: unknown, allowed: Record<string, string>) => {
  if (value !== undefined && !Object.values(allowed).includes(value as string)) errors.push(`${path}: ${String(value)} is not one of ${Object.values(allowed).join(', ')}`);
};

/** Every way `finding` breaks ASFF (AWS's model and the syntax reference's rules); empty when it is valid. */
export function asffErrors(finding: Record<string, any>): string[] {
  const errors: string[] = [];
  walk(NormalizedSchema.of(AwsSecurityFinding$), finding, '', errors);
  if (finding.SchemaVersion !== '2018-10-08') errors.push(`/SchemaVersion: ${finding.SchemaVersion}`);
  // Required for BatchImportFindings beyond the model's required members (ASFF "Required top-level attributes").
  for (const key of ['Severity', 'Types']) if (finding[key] === undefined) errors.push(`/${key}: required by BatchImportFindings`);
  if (typeof finding.Id === 'string' && (finding.Id.length === 0 || finding.Id.length > 512)) errors.push('/Id: 1 to 512 characters');
  if (typeof finding.Title === 'string' && [...finding.Title].length > 256) errors.push('/Title: more than 256 characters');
  if (typeof finding.Description === 'string' && [...finding.Description].length > 1024) errors.push('/Description: more than 1,024 characters');
  if (typeof finding.Remediation?.Recommendation?.Text === 'string' && [...finding.Remediation.Recommendation.Text].length > 512) errors.push('/Remediation/Recommendation/Text: more than 512 characters');
  for (const key of ['CreatedAt', 'UpdatedAt', 'FirstObservedAt', 'LastObservedAt']) {
    if (finding[key] !== undefined && !ISO_8601.test(finding[key])) errors.push(`/${key}: ${finding[key]} is not an ISO 8601 time`);
  }
  if (Date.parse(finding.UpdatedAt) < Date.parse(finding.CreatedAt)) errors.push('/UpdatedAt: before CreatedAt');
  if (!/^arn:aws(-cn|-us-gov)?:securityhub:[a-z0-9-]+:\d{12}:product\/\d{12}\/default$/.test(finding.ProductArn ?? '')) errors.push(`/ProductArn: ${finding.ProductArn} is not an account's default product`);
  else if (finding.ProductArn.split(':')[4] !== finding.AwsAccountId) errors.push('/ProductArn: not the finding account\'s own product');
  for (const [i, t] of (finding.Types ?? []).entries()) {
    const parts = String(t).split('/');
    if (parts.length > 3 || !TYPE_NAMESPACES.includes(parts[0])) errors.push(`/Types/${i}: ${t} is not namespace/category/classifier`);
  }
  oneOf(errors, '/Severity/Label', finding.Severity?.Label, SeverityLabel);
  oneOf(errors, '/FindingProviderFields/Severity/Label', finding.FindingProviderFields?.Severity?.Label, SeverityLabel);
  oneOf(errors, '/Compliance/Status', finding.Compliance?.Status, ComplianceStatus);
  oneOf(errors, '/RecordState', finding.RecordState, RecordState);
  oneOf(errors, '/Workflow/Status', finding.Workflow?.Status, WorkflowStatus);
  if ((finding.Compliance?.RelatedRequirements ?? []).length > 32) errors.push('/Compliance/RelatedRequirements: more than 32');
  if (Object.keys(finding.ProductFields ?? {}).length > 50) errors.push('/ProductFields: more than 50 fields');
  for (const [i, r] of (finding.Resources ?? []).entries()) {
    if (!RESOURCE_TYPES.includes(r.Type)) errors.push(`/Resources/${i}/Type: ${r.Type}`);
    oneOf(errors, `/Resources/${i}/Partition`, r.Partition, Partition);
  }
  if ((finding.Resources ?? []).length === 0) errors.push('/Resources: at least one');
  return errors;
}
