/**
 * The one DynamoDB table, as plain data: the store creates it locally from
 * this, and infra/ renders the same data into the CloudFormation resource
 * (KeySchema, AttributeDefinitions, GlobalSecondaryIndexes and
 * TimeToLiveSpecification have the same shape in both).
 *
 * Single-table layout (every key string-typed; <acct> is the account id):
 *
 * | item           | pk                    | sk                              | indexes                                                        |
 * | -------------- | --------------------- | ------------------------------- | -------------------------------------------------------------- |
 * | finding state  | STATE#<acct>          | <resource>#<checkId>#<qualifier>| byStatus: STATE#<acct>#<status> / <severityIndex>#<findingId>  |
 * |                |                       |                                 | byCheck: CHECK#<acct>#<checkId> / S#<status>#<findingId>       |
 * | finding change | HISTORY#<acct>        | <at>#<findingId>#<version>      | byCheck: CHECK#<acct>#<checkId> / H#<at>#<findingId>#<version> |
 * |                |                       |                                 | byResource: RESOURCE#<acct>#<resource> / <at>#<findingId>#<v>  |
 * | detection      | DETECTION#<acct>      | <eventId>#<ruleId>              | byTime: DETECTION#<acct> / <eventTime>#<eventId>#<ruleId>      |
 * | run record     | RUN#<acct>            | <at>#<runId>                    | (status applying/complete: apply.ts)                           |
 * | notification   | NOTIFICATION#<id>     | NOTIFICATION                    | byTime (while pending): PENDING#<acct> / <createdAt>#<id>      |
 * | account        | ACCOUNT               | <acct>                          |                                                                |
 * | apply lease    | LEASE#<acct>          | APPLY                           | (owner, expiry, pending run: lease.ts)                         |
 * | journal part   | JOURNAL#<acct>#<runId>| PART#<n>                        | (a large run's decided writes, TTL 30 days: apply.ts)          |
 * | delivery claim | DELIVERY#<id>         | <channel>                       | (notify-slack's posts, TTL 30 days: claims.ts)                 |
 *
 * Claims on notifications are attributes of the notification row
 * (claimOwner, claimExpiresAt, claimHolder). A new kind of item takes a
 * partition prefix of its own here and its key builder in keys.ts.
 *
 * Times in keys are normalized ISO 8601 (`toISOString`), so string order is
 * time order. Reads are Queries on a partition above, never Scans; "all
 * accounts" lists the ACCOUNT partition and queries each account's.
 */

export const KEY = { partition: 'pk', sort: 'sk' } as const;

export const INDEX = {
  byStatus: { name: 'byStatus', partition: 'statusPk', sort: 'statusSk' },
  byCheck: { name: 'byCheck', partition: 'checkPk', sort: 'checkSk' },
  byResource: { name: 'byResource', partition: 'resourcePk', sort: 'resourceSk' },
  byTime: { name: 'byTime', partition: 'timePk', sort: 'timeSk' },
} as const;

/**
 * Epoch seconds after which DynamoDB may delete the item: on history rows,
 * run records and delivered notifications when a retention is configured;
 * always on journal parts and delivery claims (30 days).
 */
export const TTL_ATTRIBUTE = 'expiresAt';

const keySchema = (partition: string, sort: string) => [
  { AttributeName: partition, KeyType: 'HASH' as const },
  { AttributeName: sort, KeyType: 'RANGE' as const },
];

const indexes = Object.values(INDEX);

/** The table's shape, without a name: CloudFormation and CreateTable both take it. */
export const TABLE_DEFINITION = {
  BillingMode: 'PAY_PER_REQUEST' as const,
  KeySchema: keySchema(KEY.partition, KEY.sort),
  AttributeDefinitions: [KEY.partition, KEY.sort, ...indexes.flatMap((i) => [i.partition, i.sort])].map((AttributeName) => ({
    AttributeName,
    AttributeType: 'S' as const,
  })),
  GlobalSecondaryIndexes: indexes.map((i) => ({
    IndexName: i.name,
    KeySchema: keySchema(i.partition, i.sort),
    Projection: { ProjectionType: 'ALL' as const },
  })),
  TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
};

/** Input of CreateTable (TTL is a separate UpdateTimeToLive call there). */
export function createTableInput(tableName: string) {
  const { TimeToLiveSpecification: _ttl, ...definition } = TABLE_DEFINITION;
  return { TableName: tableName, ...definition };
}
