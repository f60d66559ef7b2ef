/** A trail as the CloudTrail checks read it, from what describe-trails (plus status and selectors) said. */
import type { RawTrail, Trail } from './types.js';

/** The fields of a trail the checks read; optional ones may be null as well as absent. */
type TrailFields = {
  readonly [K in 'Name' | 'TrailARN']: string;
} & {
  readonly HomeRegion?: string | null;
  readonly IsMultiRegionTrail?: boolean | null;
  readonly LogFileValidationEnabled?: boolean | null;
  readonly HasCustomEventSelectors?: boolean | null;
  readonly IsLogging?: boolean | null;
  readonly EventSelectors?:
    | readonly { readonly ReadWriteType?: string | null; readonly IncludeManagementEvents?: boolean | null; readonly ExcludeManagementEventSources?: readonly string[] | null }[]
    | null;
  readonly AdvancedEventSelectors?: readonly { readonly FieldSelectors: readonly { readonly Field: string; readonly Equals?: readonly string[] | null }[] }[] | null;
};

/**
 * Whether a trail's selectors record both read and write management events
 * with no event source excluded; null when the selectors were not collected
 * and the trail says it has custom ones.
 */
export function recordsAllManagementEvents(t: TrailFields): boolean | null {
  if (t.AdvancedEventSelectors && t.AdvancedEventSelectors.length > 0) {
    return t.AdvancedEventSelectors.some((sel) => {
      const fields = sel.FieldSelectors;
      const category = fields.find((f) => f.Field === 'eventCategory');
      if (!category?.Equals?.includes('Management')) return false;
      // A readOnly selector limits it to reads or writes; an eventSource selector excludes sources.
      return !fields.some((f) => f.Field === 'readOnly' || f.Field === 'eventSource');
    });
  }
  if (t.EventSelectors && t.EventSelectors.length > 0) {
    return t.EventSelectors.some(
      (s) => (s.IncludeManagementEvents ?? true) && (s.ReadWriteType ?? 'All') === 'All' && (s.ExcludeManagementEventSources ?? []).length === 0,
    );
  }
  // Without selectors in the snapshot, a trail without custom selectors has AWS's default: all management events.
  return t.HasCustomEventSelectors === false ? true : null;
}

export function normalizeTrail(t: TrailFields): Trail {
  return {
    name: t.Name,
    arn: t.TrailARN,
    homeRegion: t.HomeRegion ?? null,
    isMultiRegion: t.IsMultiRegionTrail === true,
    logFileValidation: t.LogFileValidationEnabled === true,
    isLogging: typeof t.IsLogging === 'boolean' ? t.IsLogging : null,
    recordsAllManagementEvents: recordsAllManagementEvents(t),
    raw: t as RawTrail,
  };
}
