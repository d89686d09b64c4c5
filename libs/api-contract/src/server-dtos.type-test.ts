/**
 * Compile-time check that what the server sends matches what the web app expects: each line
 * fails `npm run typecheck` when a server DTO or entity drifts from libs/api-contract.
 * Type-only imports: nothing here runs, and the web bundle never imports this file.
 */
import type {
  BlastRadiusDto,
  ServiceEntity,
  VendorComponentEntity,
  VendorEntity,
} from '@rca/catalog';
import type { IncidentsService } from '@rca/incidents';
import type {
  ActivityEntry,
  BlastRadiusReport,
  Cause,
  Impact,
  IncidentDetail,
  IncidentSummary,
  Page,
  Service,
  TimelineEvent,
  Vendor,
  VendorComponent,
} from './index';

/** The JSON form of a server type: Dates become ISO strings. */
type Json<T> = T extends Date
  ? string
  : T extends Array<infer U>
    ? Array<Json<U>>
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

type Assert<T extends true> = T;
type Answer<K extends keyof IncidentsService> = IncidentsService[K] extends (
  ...args: never[]
) => infer R
  ? Awaited<R>
  : never;
/** true when the server's JSON fits the client type (and the server type was found at all). */
type Sends<Server, Client> = [Server] extends [never]
  ? false
  : 0 extends 1 & Server
    ? false
    : [Json<Server>] extends [Client]
      ? true
      : false;

export type ServerContract = [
  Assert<Sends<BlastRadiusDto, BlastRadiusReport>>,
  Assert<Sends<ServiceEntity, Service>>,
  Assert<Sends<VendorEntity, Vendor>>,
  Assert<Sends<VendorComponentEntity, VendorComponent>>,
  Assert<Sends<Answer<'getIncidentDetail'>, IncidentDetail>>,
  Assert<Sends<Answer<'listIncidents'>, Page<IncidentSummary>>>,
  Assert<Sends<Answer<'createIncident'>, IncidentSummary>>,
  Assert<Sends<Answer<'transition'>, IncidentSummary>>,
  Assert<Sends<Answer<'listTimeline'>, { items: TimelineEvent[] }>>,
  Assert<Sends<Answer<'createTimelineEvent'>, TimelineEvent>>,
  Assert<Sends<Answer<'createImpact'>, Impact>>,
  Assert<Sends<Answer<'updateCause'>, Cause>>,
  Assert<Sends<Answer<'listActivity'>, Page<ActivityEntry>>>,
];
