// Trust policies of the roles AWS services assume on the stack's behalf
// (EventBridge, Step Functions): the service, and only for this account
// (aws:SourceAccount), against the confused deputy.
'use strict';

function serviceTrust(service) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ],
  };
}

module.exports = { serviceTrust };
