/**
 * Detection throughput against the floor any reader of CloudTrail log files
 * pays: JSON.parse. Both sides start from the same serialized log file
 * (`{"Records": [...]}`, as CloudTrail writes it to S3) held in memory, so
 * disk and gunzip time count on neither side. Rounds alternate between the
 * two, so drift of the machine touches both alike.
 */
import type { Config } from '../shared/config/schema.js';
import { detect } from '../shared/detections/detect.js';
import { recordsFromJson } from '../shared/detections/read-events.js';
import { cloudTrailLogFile, generateEvents } from './generate-events.js';
import { collectGarbage, timed } from './stats.js';

export interface DetectionRuns {
  readonly records: number;
  readonly serializedBytes: number;
  /** Per round, ms to JSON.parse the log file. */
  readonly jsonParseMs: number[];
  /** Per round, ms to parse, validate every record and run every rule. */
  readonly detectMs: number[];
  readonly detections: number;
  readonly malformed: number;
}

/** The serialized CloudTrail log file of `count` generated records. */
export function serializedEvents(count: number): string {
  return JSON.stringify(cloudTrailLogFile(generateEvents({ count })));
}

export async function measureDetection(text: string, config: Config, rounds: number): Promise<DetectionRuns> {
  const jsonParseMs: number[] = [];
  const detectMs: number[] = [];
  let records = 0;
  let detections = 0;
  let malformed = 0;
  for (let i = 0; i < rounds; i++) {
    collectGarbage();
    const parsed = await timed(() => JSON.parse(text) as { Records: unknown[] });
    jsonParseMs.push(parsed.ms);
    records = parsed.value.Records.length;
    collectGarbage();
    const detected = await timed(() => {
      const batch = recordsFromJson(JSON.parse(text), 'bench');
      return detect(batch.records, config, batch.errors.length);
    });
    detectMs.push(detected.ms);
    detections = detected.value.detections.length;
    malformed = detected.value.summary.errors;
  }
  return { records, serializedBytes: Buffer.byteLength(text), jsonParseMs, detectMs, detections, malformed };
}
