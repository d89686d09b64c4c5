/**
 * The vendor's own post-incident report, tracked to its promise (docs/postmortems.md): the JSON
 * shapes of the vendor-rca endpoints and the one wording of an expectation, shared by the server
 * and the web app.
 */

type Iso = string;

/** PUT /api/vendors/:idOrSlug/rca-expectation (GET answers `{ expectation: … | null }`) */
export interface VendorRcaExpectation {
  vendorId: string;
  businessDays: number;
  zone: string;
  /** Public-holiday calendar (ISO 3166-1 alpha-2); null: weekends only. */
  country: string | null;
  region: string | null;
  /** HH:mm in the zone on the last day (default 23:59). */
  dueTime: string;
  version: number;
  updatedAt: Iso;
  updatedBy: string | null;
}

export type VendorRcaExpectationBody = Pick<VendorRcaExpectation, 'businessDays' | 'zone'> & {
  country?: string | null;
  region?: string | null;
  dueTime?: string;
};

export const VENDOR_REPORT_SOURCES = [
  'statuspage_postmortem',
  'statuspage_status',
  'update',
  'pasted',
] as const;
export type VendorReportSource = (typeof VENDOR_REPORT_SOURCES)[number];

/** How the state of a vendor's report reads: published, awaited (not yet), overdue, or untracked (no expectation). */
export const VENDOR_RCA_STATES = ['published', 'awaited', 'overdue', 'untracked'] as const;
export type VendorRcaState = (typeof VENDOR_RCA_STATES)[number];

export interface VendorReport {
  id: string;
  vendorIncidentId: string;
  source: VendorReportSource;
  url: string | null;
  publishedAt: Iso;
  text: string;
  pastedBy: string | null;
}

/** GET /api/incidents/:incidentId/vendor-rca: one entry per accepted cause with a vendor incident. */
export interface VendorRcaStatus {
  causeId: string;
  vendorId: string;
  vendorName: string;
  vendorIncidentId: string;
  vendorIncidentTitle: string;
  expectation: Omit<VendorRcaExpectation, 'version' | 'updatedAt' | 'updatedBy'> | null;
  /** "5 business days, America/Los_Angeles, US holidays"; null without an expectation. */
  expectationText: string | null;
  expectedBy: Iso | null;
  /** expectedBy as a date in the expectation's zone (YYYY-MM-DD). */
  expectedByDate: string | null;
  state: VendorRcaState;
  report: VendorReport | null;
}

/** POST /api/vendor-incidents/:id/report */
export interface PasteVendorReportBody {
  url: string;
  /** When the vendor published it; default now. */
  publishedAt?: Iso;
  text?: string;
}

/** GET /api/deadlines/vendor-rca: vendor reports not published by their expected date. */
export interface OverdueVendorRca {
  causeId: string;
  incidentId: string;
  reference: string;
  incidentTitle: string;
  vendorName: string;
  vendorIncidentTitle: string;
  expectedBy: Iso;
  expectationText: string;
  postmortemId: string | null;
  owner: string | null;
  team: string | null;
  /** When the owner was told (once). */
  notifiedAt: Iso | null;
}

/** "5 business days, America/Los_Angeles, US holidays" */
export function describeVendorRcaExpectation(
  expectation: Pick<VendorRcaExpectation, 'businessDays' | 'zone' | 'country' | 'region'>,
): string {
  const days = `${expectation.businessDays} business day${expectation.businessDays === 1 ? '' : 's'}`;
  const holidays = expectation.country
    ? `${expectation.country}${expectation.region ? `-${expectation.region}` : ''} holidays`
    : 'no public holidays';
  return `${days}, ${expectation.zone}, ${holidays}`;
}
