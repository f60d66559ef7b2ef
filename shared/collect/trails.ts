/**
 * CloudTrail trails with their status and event selectors merged in, as
 * `trails.json` holds them.
 *
 * DescribeTrails keeps its default includeShadowTrails=true: a multi-region
 * trail created in another region (or an organization trail) appears here
 * only as a shadow, and leaving shadows out would report "no multi-region
 * trail" for an account that has one. Each trail's status and selectors are
 * then asked by ARN of a client in its home region, the region that owns it.
 */
import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type CloudTrailClient,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import type { RawTrail } from '../snapshot/types.js';
import { describeError, isTrailNotFound } from './aws-errors.js';
import { regionOf, type AwsClients } from './clients.js';
import { asCli } from './cli-format.js';
import type { Retrier } from './retry.js';

const GONE = Symbol('trail deleted');

async function detailsOf(trail: Trail, client: CloudTrailClient, call: Retrier): Promise<RawTrail | null> {
  const id = trail.TrailARN ?? trail.Name;
  // Nothing to ask about: kept as described, and the reading of trails.json names what it lacks.
  if (!id) return asCli<RawTrail>(trail);
  // Deleted between DescribeTrails and now: it no longer exists, so it is simply not listed.
  // Any other failure makes the whole trails input a gap, naming the call and the trail.
  const ask = <T>(operation: string, send: () => Promise<T>): Promise<T | typeof GONE> =>
    call(send).catch((e: unknown) => {
      if (isTrailNotFound(e)) return GONE;
      throw new Error(`${operation} ${id}: ${describeError(e)}`);
    });
  const [status, selectors] = await Promise.all([
    ask('GetTrailStatus', () => client.send(new GetTrailStatusCommand({ Name: id }))),
    ask('GetEventSelectors', () => client.send(new GetEventSelectorsCommand({ TrailName: id }))),
  ]);
  if (status === GONE || selectors === GONE) return null;
  const raw = asCli<RawTrail>(trail);
  if (typeof status.IsLogging === 'boolean') raw.IsLogging = status.IsLogging;
  if (selectors.EventSelectors) raw.EventSelectors = asCli<RawTrail['EventSelectors']>(selectors.EventSelectors);
  if (selectors.AdvancedEventSelectors) raw.AdvancedEventSelectors = asCli<RawTrail['AdvancedEventSelectors']>(selectors.AdvancedEventSelectors);
  return raw;
}

export async function fetchTrails(clients: AwsClients, call: Retrier): Promise<{ trailList: RawTrail[] }> {
  const { trailList = [] } = await call(() => clients.cloudTrail.send(new DescribeTrailsCommand({})));
  const here = await regionOf(clients.cloudTrail);
  const detailed = await Promise.all(
    trailList.map((trail) => {
      const client = trail.HomeRegion && trail.HomeRegion !== here ? clients.cloudTrailIn(trail.HomeRegion) : clients.cloudTrail;
      return detailsOf(trail, client, call);
    }),
  );
  return { trailList: detailed.filter((t): t is RawTrail => t !== null) };
}
