/**
 * Effective permissions (catalog "How policies are read"): the union of
 * the Allow statements of a principal's policies, minus what their
 * unconditional Deny statements cover, capped by a permissions boundary
 * (an action counts only when the boundary allows it too). Conditional
 * Allows count as granted, and answers say when they rest on them only.
 *
 * Service control policies, resource policies and session policies are
 * not part of it: the snapshot does not hold them.
 */
import { actionId, serviceRange } from './action-index.js';
import {
  appliesTo,
  compileDocument,
  coversAction,
  coversService,
  coversEveryResourceOf,
  touchesService,
  type CompiledDocument,
  type CompiledStatement,
} from './compile.js';
import type { PolicyDocument } from './document.js';
import type { AccountContext, PrincipalContext } from './resources.js';

/** Where a principal holds a policy from. */
export interface PolicyRef {
  /** Managed policy ARN, or `inline:<name>`. */
  readonly policy: string;
  /** The policy's name. */
  readonly name: string;
  /** "user", "role", "group:<name>" (a user's group), or "boundary". */
  readonly via: string;
}

export interface PolicyInput {
  readonly source: PolicyRef;
  readonly document: PolicyDocument;
}

/** One statement, with the policy it comes from. */
export interface Grant {
  readonly statement: CompiledStatement;
  readonly source: PolicyRef;
}

export interface EffectivePermissions {
  readonly account: AccountContext;
  /** Whose rights: policy variables take its values. Null for documents judged on their own. */
  readonly principal: PrincipalContext | null;
  readonly policies: readonly PolicyInput[];
  /** Allow statements. */
  readonly allows: readonly Grant[];
  /** Unconditional Deny statements. */
  readonly denies: readonly Grant[];
  /** The permissions boundary's statements, when there is one. */
  readonly boundary: { readonly source: PolicyRef; readonly allows: readonly Grant[]; readonly denies: readonly Grant[] } | null;
  readonly boundaryPolicy: PolicyInput | null;
}

export interface EffectiveOptions {
  readonly account: AccountContext;
  readonly principal?: PrincipalContext | null;
  /** The permissions boundary's document. */
  readonly boundary?: PolicyInput | null;
}

interface InputGrants {
  readonly allows: readonly Grant[];
  readonly denies: readonly Grant[];
}
// Thousands of principals hold the same inputs (a group's policies, a managed policy attached the same way):
// each input's grants are made once.
const inputGrants = new WeakMap<PolicyInput, InputGrants>();
function grantsOfInput(input: PolicyInput): InputGrants {
  let g = inputGrants.get(input);
  if (!g) {
    const c: CompiledDocument = compileDocument(input.document);
    g = {
      allows: c.allows.map((statement) => ({ statement, source: input.source })),
      denies: c.denies.map((statement) => ({ statement, source: input.source })),
    };
    inputGrants.set(input, g);
  }
  return g;
}

/** The Allow and unconditional Deny statements of the inputs, each with its policy. */
function grantsOf(inputs: readonly PolicyInput[]): { allows: Grant[]; denies: Grant[] } {
  const allowsList: Grant[] = [];
  const deniesList: Grant[] = [];
  for (const input of inputs) {
    const g = grantsOfInput(input);
    for (const grant of g.allows) allowsList.push(grant);
    for (const grant of g.denies) deniesList.push(grant);
  }
  return { allows: allowsList, denies: deniesList };
}

export function effectivePermissions(policies: readonly PolicyInput[], options: EffectiveOptions): EffectivePermissions {
  const boundary = options.boundary ?? null;
  const own = grantsOf(policies);
  return {
    account: options.account,
    principal: options.principal ?? null,
    policies,
    allows: own.allows,
    denies: own.denies,
    boundary: boundary ? { source: boundary.source, ...grantsOf([boundary]) } : null,
    boundaryPolicy: boundary,
  };
}

/** The same principal holding other policies (an escalation's after-state); its boundary kept unless dropped. */
export function withPolicies(e: EffectivePermissions, policies: readonly PolicyInput[], dropBoundary = false): EffectivePermissions {
  return effectivePermissions(policies, { account: e.account, principal: e.principal, boundary: dropBoundary ? null : e.boundaryPolicy });
}

export interface Allowance {
  readonly allowed: boolean;
  /** Allowed only through conditional statements (of the policies or of the boundary). */
  readonly conditional: boolean;
  /** The Allow statements that grant it. */
  readonly grants: readonly Grant[];
}

const NOT_ALLOWED: Allowance = { allowed: false, conditional: false, grants: [] };

function serviceOfAction(action: string): string | null {
  const colon = action.indexOf(':');
  if (colon < 0) return null;
  const service = action.slice(0, colon).toLowerCase();
  return serviceRange(service)?.service ?? service;
}

/** Whether a statement covers the action (by id when the data knows it). */
function covers(s: CompiledStatement, id: number | undefined, action: string): boolean {
  return id !== undefined ? s.actions.has(id) : coversAction(s, action);
}

// Called for every principal and every method of the escalation graph: plain loops, no closures.
function layerAllows(
  allowsList: readonly Grant[],
  deniesList: readonly Grant[],
  action: string,
  resource: string | null,
  e: EffectivePermissions,
): { grants: Grant[]; conditional: boolean } | null {
  const id = actionId(action);
  let service: string | null | undefined;
  for (const d of deniesList) {
    if (!covers(d.statement, id, action)) continue;
    if (resource === null) {
      if (service === undefined) service = serviceOfAction(action);
      if (coversService(d.statement, service, e.account, e.principal)) return null;
    } else if (appliesTo(d.statement, resource, e.principal)) return null;
  }
  let grants: Grant[] | null = null;
  let conditional = true;
  for (const g of allowsList) {
    if (!covers(g.statement, id, action)) continue;
    if (resource === null ? g.statement.resources === null : !appliesTo(g.statement, resource, e.principal)) continue;
    (grants ??= []).push(g);
    if (!g.statement.conditional) conditional = false;
  }
  return grants ? { grants, conditional } : null;
}

/**
 * Whether the permissions allow `action` on `resource` (an ARN), or, with
 * no resource, on some resource. An unknown action (newer than the bundled
 * data) is matched against the patterns as written.
 */
export function allowance(e: EffectivePermissions, action: string, resource?: string): Allowance {
  const own = layerAllows(e.allows, e.denies, action, resource ?? null, e);
  if (!own) return NOT_ALLOWED;
  if (!e.boundary) return { allowed: true, conditional: own.conditional, grants: own.grants };
  const capped = layerAllows(e.boundary.allows, e.boundary.denies, action, resource ?? null, e);
  if (!capped) return NOT_ALLOWED;
  return { allowed: true, conditional: own.conditional || capped.conditional, grants: own.grants };
}

/**
 * Whether the permissions allow `action` on some resource of `service` in the
 * account (`iam:PassRole` on `arn:aws:s3:::bucket` names no role): a cheap
 * first test before asking about each resource.
 */
export function allowsOnService(e: EffectivePermissions, action: string, service: string): boolean {
  const id = actionId(action);
  return layerAllowsOnService(e.allows, e.denies, id, action, service, e) && (!e.boundary || layerAllowsOnService(e.boundary.allows, e.boundary.denies, id, action, service, e));
}

function layerAllowsOnService(
  allowsList: readonly Grant[],
  deniesList: readonly Grant[],
  id: number | undefined,
  action: string,
  service: string,
  e: EffectivePermissions,
): boolean {
  for (const d of deniesList) if (covers(d.statement, id, action) && coversService(d.statement, service, e.account, e.principal)) return false;
  for (const g of allowsList) if (covers(g.statement, id, action) && touchesService(g.statement, service, e.account, e.principal)) return true;
  return false;
}

export function allows(e: EffectivePermissions, action: string, resource?: string): boolean {
  return allowance(e, action, resource).allowed;
}

/**
 * Whether the permissions allow `action` on every resource it can name
 * (every resource of its service in the account; every role for
 * iam:PassRole and sts:AssumeRole), unconditional Denies and the boundary
 * considered.
 */
export function allowanceOnEveryResource(e: EffectivePermissions, action: string): Allowance {
  const id = actionId(action);
  const service = serviceOfAction(action);
  const layer = (allowsList: readonly Grant[], deniesList: readonly Grant[]) => {
    if (deniesList.some((d) => covers(d.statement, id, action) && touchesService(d.statement, service, e.account, e.principal))) return null;
    const grants = allowsList.filter((g) => covers(g.statement, id, action) && coversEveryResourceOf(g.statement, action, e.account, e.principal));
    return grants.length ? { grants, conditional: grants.every((g) => g.statement.conditional) } : null;
  };
  const own = layer(e.allows, e.denies);
  if (!own) return NOT_ALLOWED;
  if (!e.boundary) return { allowed: true, conditional: own.conditional, grants: own.grants };
  const capped = layer(e.boundary.allows, e.boundary.denies);
  if (!capped) return NOT_ALLOWED;
  return { allowed: true, conditional: own.conditional || capped.conditional, grants: own.grants };
}

export interface AdministratorVerdict {
  /** Every IAM action on every resource, after Denies and the boundary. */
  readonly admin: boolean;
  /** Administrator only through conditional statements. */
  readonly conditional: boolean;
  /** The Allow statements that give it (those that alone hold all of IAM when there are such, else every contributor). */
  readonly grants: readonly Grant[];
}

const IAM = serviceRange('iam')!;
const IAM_SIZE = IAM.end - IAM.start;

interface IamCoverage {
  readonly full: boolean;
  readonly fullUnconditionally: boolean;
  readonly contributors: Grant[];
  readonly whole: Grant[];
}

/** How much of IAM the Allow statements give on every IAM resource of the account. */
function iamCoverage(list: readonly Grant[], e: EffectivePermissions): IamCoverage {
  const contributors: Grant[] = [];
  const whole: Grant[] = [];
  let total = 0;
  for (const g of list) {
    const s = g.statement;
    const n = s.actions.countIn(IAM.start, IAM.end);
    if (n === 0 || !coversService(s, 'iam', e.account, e.principal)) continue;
    contributors.push(g);
    total += n;
    if (n === IAM_SIZE) whole.push(g);
  }
  // Too few IAM actions between them to hold all of IAM: most principals end here.
  if (total < IAM_SIZE) return { full: false, fullUnconditionally: false, contributors, whole };
  const any = new Uint8Array(IAM_SIZE);
  const unconditional = new Uint8Array(IAM_SIZE);
  let anyCount = 0;
  let unconditionalCount = 0;
  for (const g of contributors) {
    const s = g.statement;
    for (const id of s.actions.idsIn(IAM.start, IAM.end)) {
      const k = id - IAM.start;
      if (!any[k]) ((any[k] = 1), anyCount++);
      if (!s.conditional && !unconditional[k]) ((unconditional[k] = 1), unconditionalCount++);
    }
  }
  return { full: anyCount === IAM_SIZE, fullUnconditionally: unconditionalCount === IAM_SIZE, contributors, whole };
}

/** An unconditional Deny of some IAM action on some IAM resource: "every IAM action" no longer holds. */
function deniesSomeIam(list: readonly Grant[], e: EffectivePermissions): boolean {
  return list.some((d) => d.statement.actions.countIn(IAM.start, IAM.end) > 0 && touchesService(d.statement, 'iam', e.account, e.principal));
}

const NOT_ADMIN: AdministratorVerdict = { admin: false, conditional: false, grants: [] };

/**
 * Administrator rights (catalog "Administrator rights"): every IAM action
 * on every resource, after unconditional Denies, capped by the boundary.
 * Whoever controls all of IAM can grant itself anything else.
 */
export function administratorRights(e: EffectivePermissions): AdministratorVerdict {
  const own = iamCoverage(e.allows, e);
  if (!own.full || deniesSomeIam(e.denies, e)) return NOT_ADMIN;
  let conditional = !own.fullUnconditionally;
  if (e.boundary) {
    const cap = iamCoverage(e.boundary.allows, e);
    if (!cap.full || deniesSomeIam(e.boundary.denies, e)) return NOT_ADMIN;
    conditional ||= !cap.fullUnconditionally;
  }
  const whole = own.whole.filter((g) => !g.statement.conditional);
  return { admin: true, conditional, grants: whole.length > 0 ? whole : own.whole.length > 0 ? own.whole : own.contributors };
}

export interface DocumentsOptions {
  /** The account the documents are judged in (its id and partition); default any account of the aws partition. */
  readonly account?: AccountContext;
  readonly principal?: PrincipalContext | null;
  readonly boundary?: PolicyDocument | null;
}

const ANY_ACCOUNT: AccountContext = { account: '*', partition: 'aws' };

function inputsOf(documents: readonly PolicyDocument[]): PolicyInput[] {
  return documents.map((document, i) => ({ document, source: { policy: `document:${i}`, name: `document ${i}`, via: 'documents' } }));
}

/** Effective permissions of a set of documents (e.g. an Identity Center permission set, or a policy in an event). */
export function permissionsOfDocuments(documents: readonly PolicyDocument[], options: DocumentsOptions = {}): EffectivePermissions {
  return effectivePermissions(inputsOf(documents), {
    account: options.account ?? ANY_ACCOUNT,
    principal: options.principal ?? null,
    boundary: options.boundary ? { document: options.boundary, source: { policy: 'boundary', name: 'boundary', via: 'boundary' } } : null,
  });
}

/** Whether a set of documents (with an optional boundary) grants administrator rights. */
export function documentsGrantAdministrator(documents: readonly PolicyDocument[], options: DocumentsOptions = {}): boolean {
  return administratorRights(permissionsOfDocuments(documents, options)).admin;
}
