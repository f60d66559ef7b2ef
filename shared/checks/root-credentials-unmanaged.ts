import type { Check } from '../model.js';

/** The feature IAM reports when member root credentials are managed centrally. */
export const ROOT_CREDENTIALS_MANAGEMENT = 'RootCredentialsManagement';

export const rootCredentialsUnmanaged: Check = {
  id: 'root-credentials-unmanaged',
  title: 'Member root credentials are not managed centrally',
  severity: 'medium',
  practice:
    "Manage member accounts' root users centrally: with root credentials management the organization removes root passwords, keys and MFA from member accounts and performs root-only tasks through short privileged sessions, so no member root user can be phished or left with a forgotten key.",
  references: [
    // The catalog cites CIS v5.0.0 without an item number; none is claimed here either.
    { standard: 'Other', id: 'CIS AWS Foundations v5.0.0: centralized root access' },
    { standard: 'Other', id: 'Prowler iam_root_credentials_management_enabled' },
  ],
  remediation:
    'From the management account: aws organizations enable-aws-service-access --service-principal iam.amazonaws.com, then aws iam enable-organizations-root-credentials-management (and aws iam enable-organizations-root-sessions for root-only tasks), then delete the member root credentials.',
  inputs: ['organizationsFeatures'],
  resourceKinds: ['account'],
  evaluate(snapshot) {
    const features = snapshot.organizationsFeatures;
    if (!features || features.enabledFeatures.includes(ROOT_CREDENTIALS_MANAGEMENT)) return [];
    return [
      {
        resource: snapshot.rootArn,
        message: `${features.organizationId ? `Organization ${features.organizationId}` : 'The organization'} does not manage member root credentials centrally (RootCredentialsManagement is off)`,
        details: { organizationId: features.organizationId, enabledFeatures: features.enabledFeatures },
      },
    ];
  },
};
