// The findings table, rendered from the definition the store itself uses
// (shared/store/table.ts), so DynamoDB Local in tests and the deployed table
// can never disagree on keys, indexes or TTL. Loaded by osls through
// `${file(infra/table.cjs)}`; tsx reads the TypeScript source.
'use strict';

const { require: requireTs } = require('tsx/cjs/api');

const { TABLE_DEFINITION } = requireTs('../shared/store/table.ts', __filename);

module.exports = {
  Resources: {
    FindingsTable: {
      Type: 'AWS::DynamoDB::Table',
      // The finding history is the product: it outlives the stack (removing
      // the stack leaves the table, and deletion protection guards it).
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        TableName: { 'Fn::Sub': '${AWS::StackName}-findings' },
        ...TABLE_DEFINITION,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
      },
    },
  },
};
