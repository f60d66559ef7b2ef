/** IAM's Marker / IsTruncated pagination. */

export interface IamPage {
  IsTruncated?: boolean;
  Marker?: string;
}

/** Every page, in order: `fetch(undefined)` first, then each page's Marker until one is not truncated. */
export async function allIamPages<P extends IamPage>(fetch: (marker: string | undefined) => Promise<P>): Promise<P[]> {
  const pages: P[] = [];
  const seen = new Set<string>();
  let marker: string | undefined;
  for (;;) {
    const page = await fetch(marker);
    pages.push(page);
    if (!page.IsTruncated || !page.Marker) return pages;
    // A marker handed back twice would loop forever; AWS never does this, a broken proxy might.
    if (seen.has(page.Marker)) throw new Error(`pagination marker repeated after ${pages.length} pages`);
    seen.add(page.Marker);
    marker = page.Marker;
  }
}
