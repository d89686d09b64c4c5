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
import type { BlastRadiusReport, Service, Vendor, VendorComponent } from './index';

/** The JSON form of a server type: Dates become ISO strings. */
type Json<T> = T extends Date
  ? string
  : T extends Array<infer U>
    ? Array<Json<U>>
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

type Assert<T extends true> = T;
type Sends<Server, Client> = [Json<Server>] extends [Client] ? true : false;

export type ServerContract = [
  Assert<Sends<BlastRadiusDto, BlastRadiusReport>>,
  Assert<Sends<ServiceEntity, Service>>,
  Assert<Sends<VendorEntity, Vendor>>,
  Assert<Sends<VendorComponentEntity, VendorComponent>>,
];
