import { DomainError } from '@rca/shared';

/** Error codes of the vendor-rca domain (the web branches on these, never on messages). */
export enum VendorRcaErrorCode {
  /** The vendor incident has a report already; a second one is not recorded. */
  ReportExists = 'VENDOR_REPORT_EXISTS',
}

export class VendorRcaError extends DomainError {
  constructor(
    code: VendorRcaErrorCode,
    status: number,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(status, message, { code, ...details });
  }
}
