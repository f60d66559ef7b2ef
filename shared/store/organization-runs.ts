/**
 * The hub's organization audit keeps each run's working files in S3: the
 * accounts to audit, which the Distributed Map reads (ItemReader), and the
 * outcome of every account, which the Map writes (ResultWriter) and the
 * run's report reads back. The bucket expires them; the findings themselves
 * live in the table.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import * as z from '../schema.js';
import type { OrganizationAccount } from '../collect/organization.js';

/** Where a run keeps its files: runs/<run id>/accounts.json and runs/<run id>/results/… */
export const runKeys = {
  accounts: (runId: string) => `runs/${runId}/accounts.json`,
  results: (runId: string) => `runs/${runId}/results`,
};

/** One Map item's outcome as the Map's ResultWriter records it. */
export interface ItemOutcome {
  readonly account: OrganizationAccount;
  /** Set for an item that failed: why. */
  readonly reason?: string;
}

const accountSchema = z.object({
  id: z.string().check(z.regex(/^\d{12}$/)),
  name: z.string(),
  status: z._default(z.string(), 'ACTIVE'),
  ouId: z._default(z.nullable(z.string()), null),
  ouName: z._default(z.nullable(z.string()), null),
});
const itemInputSchema = z.looseObject({ account: accountSchema });

/** A list of the Map's result files; a status with none may be left out. */
const resultFiles = z._default(z.array(z.looseObject({ Key: z.string() })), []);
const manifestSchema = z.looseObject({
  DestinationBucket: z.optional(z.string()),
  ResultFiles: z.looseObject({
    FAILED: resultFiles,
    SUCCEEDED: resultFiles,
    PENDING: resultFiles,
  }),
});
const resultFileSchema = z.array(
  z.looseObject({ Input: z.optional(z.string()), Error: z.nullish(z.string()), Cause: z.nullish(z.string()), Status: z.optional(z.string()) }),
);

/**
 * Why an item failed, in one line: the Cause our own Fail state gives, or
 * the message inside a Lambda error's Cause ({"errorType", "errorMessage",
 * "trace"}), or the Step Functions error name (a timeout, for one).
 */
export function failureReason(error: string | null | undefined, cause: string | null | undefined): string {
  let text = cause ?? '';
  try {
    const parsed = JSON.parse(text) as { errorType?: unknown; errorMessage?: unknown };
    if (parsed && typeof parsed === 'object' && typeof parsed.errorMessage === 'string') {
      text = `${typeof parsed.errorType === 'string' ? `${parsed.errorType}: ` : ''}${parsed.errorMessage}`;
    }
  } catch {
    // a plain-text cause: kept as it is
  }
  text = text.replace(/\s+/g, ' ').trim();
  return (text || error || 'failed with no cause given').slice(0, 500);
}

export class OrganizationRunFiles {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  /** Writes the run's account list, the JSON array the Map's ItemReader reads. */
  async writeAccounts(runId: string, accounts: readonly OrganizationAccount[]): Promise<{ bucket: string; key: string }> {
    const key = runKeys.accounts(runId);
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: JSON.stringify(accounts), ContentType: 'application/json' }));
    return { bucket: this.bucket, key };
  }

  /**
   * Every item's outcome of a run, from the Map's manifest: at `manifestKey`
   * when the Map finished, or found under the run's results prefix when it
   * stopped (too many accounts failed). Null when no results were written.
   */
  async readOutcomes(runId: string, manifestKey?: string): Promise<{ succeeded: ItemOutcome[]; failed: ItemOutcome[] } | null> {
    const key = manifestKey ?? (await this.findManifest(runKeys.results(runId)));
    if (!key) return null;
    const manifest = manifestSchema.parse(await this.readJson(key));
    const read = async (files: { Key: string }[], failed: boolean) =>
      (await Promise.all(files.map(async (f) => resultFileSchema.parse(await this.readJson(f.Key))))).flat().flatMap((item): ItemOutcome[] => {
        const input = item.Input ? itemInputSchema.safeParse(JSON.parse(item.Input)) : undefined;
        if (!input?.success) return [];
        return [{ account: input.data.account, ...(failed ? { reason: failureReason(item.Error, item.Cause) } : {}) }];
      });
    return { succeeded: await read(manifest.ResultFiles.SUCCEEDED, false), failed: await read(manifest.ResultFiles.FAILED, true) };
  }

  private async findManifest(prefix: string): Promise<string | undefined> {
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: `${prefix}/`, ContinuationToken: token }));
      const found = (page.Contents ?? []).find((o) => o.Key?.endsWith('/manifest.json'));
      if (found?.Key) return found.Key;
      token = page.NextContinuationToken;
    } while (token);
    return undefined;
  }

  private async readJson(key: string): Promise<unknown> {
    const { Body } = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!Body) throw new Error(`s3://${this.bucket}/${key} is empty`);
    return JSON.parse(await Body.transformToString());
  }
}
