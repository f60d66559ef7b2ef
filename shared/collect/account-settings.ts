/**
 * The account-wide settings of the second catalog, in the AWS CLI's formats:
 * IAM server certificates (`list-server-certificates`), the IAM Access
 * Analyzer analyzers of the audited Region (`accessanalyzer list-analyzers`)
 * and the SECURITY alternate contact (`account get-alternate-contact`).
 * Each is a few calls at most, whatever the size of the account.
 */
import { ListAnalyzersCommand, type ListAnalyzersCommandOutput } from '@aws-sdk/client-accessanalyzer';
import { GetAlternateContactCommand } from '@aws-sdk/client-account';
import { ListServerCertificatesCommand } from '@aws-sdk/client-iam';
import type { RawAlternateContact, RawAnalyzer, RawServerCertificate, RawSnapshot } from '../snapshot/types.js';
import { errorCodes } from './aws-errors.js';
import type { AwsClients } from './clients.js';
import { asCli } from './cli-format.js';
import { allIamPages } from './paginate.js';
import type { Retrier } from './retry.js';

/** IAM's largest page: one call for any account (IAM allows a few dozen server certificates). */
const MAX_ITEMS = 1000;

export async function fetchServerCertificates(clients: AwsClients, call: Retrier): Promise<NonNullable<RawSnapshot['serverCertificates']>> {
  const pages = await allIamPages((Marker) => call(() => clients.iam.send(new ListServerCertificatesCommand({ MaxItems: MAX_ITEMS, Marker }))));
  return { ServerCertificateMetadataList: asCli<RawServerCertificate[]>(pages.flatMap((p) => p.ServerCertificateMetadataList ?? [])) };
}

export async function fetchAccessAnalyzers(clients: AwsClients, call: Retrier): Promise<NonNullable<RawSnapshot['accessAnalyzers']>> {
  const analyzers: NonNullable<ListAnalyzersCommandOutput['analyzers']> = [];
  const seen = new Set<string>();
  let nextToken: string | undefined;
  do {
    const page: ListAnalyzersCommandOutput = await call(() => clients.accessAnalyzer.send(new ListAnalyzersCommand({ nextToken })));
    analyzers.push(...(page.analyzers ?? []));
    nextToken = page.nextToken;
    // A token handed back twice would loop forever; AWS never does this, a broken proxy might.
    if (nextToken && seen.has(nextToken)) throw new Error(`ListAnalyzers pagination token repeated after ${seen.size + 1} pages`);
    if (nextToken) seen.add(nextToken);
  } while (nextToken);
  return { analyzers: asCli<RawAnalyzer[]>(analyzers) };
}

/** The Account Management API's way of saying no such contact is registered: a fact, not a failure. */
const isContactMissing = (e: unknown) => errorCodes(e).some((c) => c === 'ResourceNotFoundException' || c === 'ResourceNotFound');

export async function fetchSecurityContact(clients: AwsClients, call: Retrier): Promise<NonNullable<RawSnapshot['securityContact']>> {
  try {
    const { AlternateContact } = await call(() => clients.account.send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' })));
    return { AlternateContact: AlternateContact ? asCli<RawAlternateContact>(AlternateContact) : null };
  } catch (e) {
    if (isContactMissing(e)) return { AlternateContact: null };
    throw e;
  }
}
