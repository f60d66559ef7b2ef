/**
 * Every test process judges AWS managed policies as the CLI does: documents
 * a snapshot lacks come from the maintained copy (read only when first asked
 * for). Tests of the "unknown to both" gap unregister it for their case.
 */
import { awsManagedPolicies } from '../shared/policy/aws-managed-policies.js';
import { useManagedPolicyLibrary } from '../shared/policy/managed-library.js';

useManagedPolicyLibrary(awsManagedPolicies);
