/**
 * Where AWS managed policy documents come from when a snapshot lacks one
 * (catalog "Effective permissions"): a maintained copy of the AWS managed
 * policies, by name. The copy is large (every policy with its history), so
 * it is plugged in only where it may be loaded: the CLI, the tests and the
 * benchmark register it (aws-managed-policies.ts); the Lambda functions do
 * not, since live collection reads every attached policy's document from
 * IAM. Without a library, a document the snapshot lacks leaves the
 * principal's rights unknown: a collection-gap, never a guess.
 */
export interface ManagedPolicyLibrary {
  /** Package and version, for messages. */
  readonly source: string;
  /** The current default version's document of the AWS managed policy of this name, or undefined. */
  document(name: string): unknown;
}

let registered: ManagedPolicyLibrary | null = null;

/** Makes `library` the fallback for AWS managed documents (null: none). */
export function useManagedPolicyLibrary(library: ManagedPolicyLibrary | null): void {
  registered = library;
}

export function managedPolicyLibrary(): ManagedPolicyLibrary | null {
  return registered;
}
