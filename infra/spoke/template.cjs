// The spoke: what every member account of an organization gets from the
// hub's StackSet (and the management account as a plain stack): a read-only
// audit role the hub's functions assume, and a rule forwarding the
// CloudTrail events the detections read to the hub's event bus.
//
// Plain CloudFormation with no Transform, so a service-managed StackSet
// with automatic deployment can roll it out. Built from the hub's own
// definitions (./sources.cjs); `npm run spoke` writes it to
// infra/spoke/iam-sentinel-spoke.yml and test/deploy/spoke.test.ts fails
// when that file is stale.
'use strict';

const { auditReadStatements, cloudTrailEventPattern } = require('./sources.cjs');
const { serviceTrust } = require('../trust.cjs');

/** The hub functions that assume the audit role: the per-account audit and the re-evaluation after an event. */
const HUB_FUNCTIONS = ['scheduled-audit', 'cloudtrail-event'];
const DEFAULT_AUDIT_ROLE = 'iam-sentinel-audit';

/** ARN of a hub function's role: the hub names them <service>-<function> in organization mode (infra/organization.cjs). */
const hubRoleArn = (fn) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${HubAccountId}:role/\${HubServiceName}-${fn}` });
const hubBusArn = { 'Fn::Sub': 'arn:${AWS::Partition}:events:${HubRegion}:${HubAccountId}:event-bus/${HubServiceName}-organization' };

function spokeTemplate() {
  const hubRoles = HUB_FUNCTIONS.map(hubRoleArn);
  const hubRoot = { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${HubAccountId}:root' };
  const extra = { 'Fn::Join': [',', { Ref: 'AdditionalAuditPrincipalArns' }] };
  // Lists joined and split again: CloudFormation has no other way to append a list parameter to a list.
  const withExtra = (list) => ({
    'Fn::If': ['HasAdditionalAuditPrincipals', { 'Fn::Split': [',', { 'Fn::Join': [',', [...list, extra]] }] }, list],
  });
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'iam-sentinel spoke: the read-only audit role the hub assumes, and the forwarding of CloudTrail events to the hub event bus. Roll out with a service-managed StackSet (us-east-1); the management account gets it as a plain stack.',
    Parameters: {
      HubAccountId: { Type: 'String', AllowedPattern: '^[0-9]{12}$', Description: 'The account the hub (serverless deploy with organization=true) runs in' },
      HubServiceName: {
        Type: 'String',
        Default: 'iam-sentinel-prod',
        AllowedPattern: '^[A-Za-z0-9-]+$',
        Description: 'The hub deployment, iam-sentinel-<stage>: names its function roles and its event bus',
      },
      HubRegion: { Type: 'String', Default: 'us-east-1', Description: 'The Region of the hub stack (where its event bus is)' },
      AuditRoleName: { Type: 'String', Default: DEFAULT_AUDIT_ROLE, Description: 'Name of the audit role (the hub parameter auditRoleName; scan --org --role-name)' },
      AdditionalAuditPrincipalArns: {
        Type: 'CommaDelimitedList',
        Default: '',
        Description:
          'Role ARNs that may also assume the audit role, e.g. the security team role that runs iam-sentinel scan --org from the management account; empty: the hub functions only',
      },
    },
    Conditions: {
      // IAM is global: the roles are made once, with the stack of us-east-1 (where IAM's events are, too).
      IamRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
      HasAdditionalAuditPrincipals: { 'Fn::Not': [{ 'Fn::Equals': [{ 'Fn::Join': ['', { Ref: 'AdditionalAuditPrincipalArns' }] }, ''] }] },
    },
    Resources: {
      AuditRole: {
        Type: 'AWS::IAM::Role',
        Condition: 'IamRegion',
        Properties: {
          RoleName: { Ref: 'AuditRoleName' },
          Description: { 'Fn::Sub': 'iam-sentinel: read-only IAM audit by the hub ${HubServiceName} in ${HubAccountId}' },
          MaxSessionDuration: 3600,
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'HubFunctionsOnly',
                Effect: 'Allow',
                Principal: { AWS: withExtra([hubRoot]) },
                Action: 'sts:AssumeRole',
                // The account alone would let any of its principals in; the ARNs pin the two hub functions (and the principals listed).
                Condition: { ArnEquals: { 'aws:PrincipalArn': withExtra(hubRoles) } },
              },
            ],
          },
          Policies: [{ PolicyName: 'iam-sentinel-read-only', PolicyDocument: { Version: '2012-10-17', Statement: auditReadStatements() } }],
          Tags: [{ Key: 'application', Value: 'iam-sentinel' }],
        },
      },
      ForwardRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          // One per Region where the stack runs (roles are global, rules regional).
          RoleName: { 'Fn::Sub': '${HubServiceName}-forward-${AWS::Region}' },
          Description: { 'Fn::Sub': 'iam-sentinel: EventBridge forwards CloudTrail events to the hub bus of ${HubServiceName}' },
          AssumeRolePolicyDocument: serviceTrust('events.amazonaws.com'),
          Policies: [
            {
              PolicyName: 'put-events-to-hub',
              PolicyDocument: { Version: '2012-10-17', Statement: [{ Sid: 'HubBusOnly', Effect: 'Allow', Action: 'events:PutEvents', Resource: hubBusArn }] },
            },
          ],
          Tags: [{ Key: 'application', Value: 'iam-sentinel' }],
        },
      },
      ForwardRule: {
        Type: 'AWS::Events::Rule',
        Properties: {
          // Named after the hub service, so the hub's monitor-tampering rule counts a change to it as tampering with the monitor.
          Name: { 'Fn::Sub': '${HubServiceName}-forward' },
          Description: 'Forwards the CloudTrail events iam-sentinel reads to the hub event bus (the same pattern as the hub rule)',
          State: 'ENABLED',
          EventPattern: cloudTrailEventPattern(),
          Targets: [{ Id: 'hub', Arn: hubBusArn, RoleArn: { 'Fn::GetAtt': ['ForwardRole', 'Arn'] } }],
        },
      },
    },
    Outputs: {
      AuditRoleArn: { Condition: 'IamRegion', Description: 'The role the hub assumes to audit this account', Value: { 'Fn::GetAtt': ['AuditRole', 'Arn'] } },
      ForwardRuleArn: { Description: 'The rule forwarding CloudTrail events to the hub', Value: { 'Fn::GetAtt': ['ForwardRule', 'Arn'] } },
    },
  };
}

module.exports = { spokeTemplate, HUB_FUNCTIONS, DEFAULT_AUDIT_ROLE, SPOKE_FILE: 'infra/spoke/iam-sentinel-spoke.yml' };
