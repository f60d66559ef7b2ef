/**
 * Schemas of the snapshot folder's JSON files, in the AWS CLI's output
 * formats. Loose objects: AWS adds fields over time and they must not break
 * a scan; the fields the checks read are required with their types.
 */
import { z } from 'zod';

const isoTime = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}(T|$)/.test(s) && !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 time');
const policyDocument = z.union([z.string(), z.record(z.string(), z.unknown())], {
  error: 'expected a policy document (JSON object or URL-encoded JSON string)',
});
const inlinePolicy = z.looseObject({ PolicyName: z.string(), PolicyDocument: policyDocument });
const attachedPolicy = z.looseObject({ PolicyName: z.string().optional(), PolicyArn: z.string() });
const tags = z.array(z.looseObject({ Key: z.string(), Value: z.string() })).optional();
const boundary = z.looseObject({ PermissionsBoundaryType: z.string().optional(), PermissionsBoundaryArn: z.string().optional() }).optional();

export const authorizationDetailsSchema = z.looseObject({
  UserDetailList: z
    .array(
      z.looseObject({
        Path: z.string().optional(),
        UserName: z.string(),
        UserId: z.string().optional(),
        Arn: z.string(),
        CreateDate: isoTime,
        UserPolicyList: z.array(inlinePolicy).optional(),
        GroupList: z.array(z.string()).optional(),
        AttachedManagedPolicies: z.array(attachedPolicy).optional(),
        PermissionsBoundary: boundary,
        Tags: tags,
      }),
    )
    .default([]),
  GroupDetailList: z
    .array(
      z.looseObject({
        Path: z.string().optional(),
        GroupName: z.string(),
        GroupId: z.string().optional(),
        Arn: z.string(),
        CreateDate: isoTime,
        GroupPolicyList: z.array(inlinePolicy).optional(),
        AttachedManagedPolicies: z.array(attachedPolicy).optional(),
      }),
    )
    .default([]),
  RoleDetailList: z
    .array(
      z.looseObject({
        Path: z.string().optional(),
        RoleName: z.string(),
        RoleId: z.string().optional(),
        Arn: z.string(),
        CreateDate: isoTime,
        AssumeRolePolicyDocument: policyDocument.optional(),
        InstanceProfileList: z.array(z.unknown()).optional(),
        RolePolicyList: z.array(inlinePolicy).optional(),
        AttachedManagedPolicies: z.array(attachedPolicy).optional(),
        PermissionsBoundary: boundary,
        Tags: tags,
        RoleLastUsed: z.looseObject({ LastUsedDate: isoTime.optional(), Region: z.string().optional() }).optional(),
      }),
    )
    .default([]),
  Policies: z
    .array(
      z.looseObject({
        PolicyName: z.string(),
        PolicyId: z.string().optional(),
        Arn: z.string(),
        Path: z.string().optional(),
        DefaultVersionId: z.string().optional(),
        AttachmentCount: z.number().int().nonnegative().optional(),
        PermissionsBoundaryUsageCount: z.number().int().nonnegative().optional(),
        IsAttachable: z.boolean().optional(),
        Description: z.string().optional(),
        CreateDate: isoTime.optional(),
        UpdateDate: isoTime.optional(),
        PolicyVersionList: z
          .array(
            z.looseObject({
              Document: policyDocument.optional(),
              VersionId: z.string(),
              IsDefaultVersion: z.boolean(),
              CreateDate: isoTime.optional(),
            }),
          )
          .optional(),
      }),
    )
    .default([]),
});

export const passwordPolicyFileSchema = z.looseObject({
  PasswordPolicy: z
    .looseObject({
      MinimumPasswordLength: z.number().int().optional(),
      RequireSymbols: z.boolean().optional(),
      RequireNumbers: z.boolean().optional(),
      RequireUppercaseCharacters: z.boolean().optional(),
      RequireLowercaseCharacters: z.boolean().optional(),
      AllowUsersToChangePassword: z.boolean().optional(),
      ExpirePasswords: z.boolean().optional(),
      MaxPasswordAge: z.number().int().optional(),
      PasswordReusePrevention: z.number().int().optional(),
      HardExpiry: z.boolean().optional(),
    })
    .nullable(),
});

export const accountSummarySchema = z.looseObject({ SummaryMap: z.record(z.string(), z.number()) });

export const virtualMfaDevicesSchema = z.looseObject({
  VirtualMFADevices: z.array(
    z.looseObject({
      SerialNumber: z.string(),
      User: z.looseObject({ UserName: z.string().optional(), UserId: z.string().optional(), Arn: z.string(), CreateDate: isoTime.optional() }).optional(),
      EnableDate: isoTime.optional(),
    }),
  ),
});

export const accountAliasesSchema = z.looseObject({ AccountAliases: z.array(z.string()) });

const fieldSelector = z.looseObject({
  Field: z.string(),
  Equals: z.array(z.string()).optional(),
  NotEquals: z.array(z.string()).optional(),
  StartsWith: z.array(z.string()).optional(),
  NotStartsWith: z.array(z.string()).optional(),
  EndsWith: z.array(z.string()).optional(),
  NotEndsWith: z.array(z.string()).optional(),
});

export const trailsSchema = z.looseObject({
  trailList: z.array(
    z.looseObject({
      Name: z.string(),
      TrailARN: z.string(),
      HomeRegion: z.string().optional(),
      IsMultiRegionTrail: z.boolean().optional(),
      IncludeGlobalServiceEvents: z.boolean().optional(),
      LogFileValidationEnabled: z.boolean().optional(),
      IsOrganizationTrail: z.boolean().optional(),
      IsLogging: z.boolean().optional(),
      EventSelectors: z
        .array(
          z.looseObject({
            ReadWriteType: z.enum(['ReadOnly', 'WriteOnly', 'All']).optional(),
            IncludeManagementEvents: z.boolean().optional(),
            DataResources: z.array(z.unknown()).optional(),
            ExcludeManagementEventSources: z.array(z.string()).optional(),
          }),
        )
        .optional(),
      AdvancedEventSelectors: z.array(z.looseObject({ Name: z.string().optional(), FieldSelectors: z.array(fieldSelector) })).optional(),
    }),
  ),
});

/** A paginated answer that says it is cut (a page marker left) was not read whole. */
const wholeList = (marker: string) => (v: Record<string, unknown>) => v.IsTruncated !== true && (v[marker] === undefined || v[marker] === null || v[marker] === '');
const CUT_LIST = 'expected every page (the answer says more pages follow: IsTruncated, Marker or nextToken left)';

export const serverCertificatesSchema = z
  .looseObject({
    ServerCertificateMetadataList: z.array(
      z.looseObject({
        Path: z.string().optional(),
        ServerCertificateName: z.string(),
        ServerCertificateId: z.string().optional(),
        Arn: z.string(),
        UploadDate: isoTime.optional(),
        Expiration: isoTime,
      }),
    ),
    IsTruncated: z.boolean().optional(),
    Marker: z.string().nullable().optional(),
  })
  .refine(wholeList('Marker'), CUT_LIST);

export const accessAnalyzersSchema = z
  .looseObject({
    analyzers: z.array(
      z.looseObject({
        arn: z.string(),
        name: z.string(),
        type: z.string(),
        status: z.string(),
        createdAt: isoTime.optional(),
      }),
    ),
    nextToken: z.string().nullable().optional(),
  })
  .refine(wholeList('nextToken'), CUT_LIST);

export const securityContactSchema = z.looseObject({
  AlternateContact: z
    .looseObject({
      AlternateContactType: z.string().optional(),
      EmailAddress: z.string().optional(),
      Name: z.string().optional(),
      PhoneNumber: z.string().optional(),
      Title: z.string().optional(),
    })
    .nullable(),
});
