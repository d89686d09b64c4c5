import type { SyncedFields } from './tracker-link.entity';
import type { TrackerCredentials, TrackerFieldMapping } from './tracker-target.entity';

/** A target's settings as every connector reads them (tracker-target.entity.ts says per kind). */
export interface ConnectorSettings {
  baseUrl: string;
  project: string;
  issueType: string | null;
  mapping: TrackerFieldMapping;
  credentials: TrackerCredentials;
}

/** An issue as a tracker holds it, in our vocabulary. */
export interface RemoteIssue {
  externalId: string;
  /** How people name it: "#42", "OPS-12". */
  key: string;
  url: string;
  updatedAt: Date;
  createdAt: Date;
  fields: SyncedFields;
  description: string;
}

/** What the sync needs of a tracker; one implementation per kind (redmine-connector.ts). */
export interface TrackerConnector {
  /**
   * Fields the tracker has no place for (GitHub issues have no due date): never sent there, and
   * what it reads for them is ignored — the action item keeps its own value.
   */
  readonly unsupportedFields?: readonly (keyof SyncedFields)[];
  /** Reads the project with the credentials: a sentence for the admin, or throws. */
  check(): Promise<string>;
  create(fields: SyncedFields, description: string): Promise<RemoteIssue>;
  /** null: the issue is gone (deleted, or moved where the credentials cannot see it). */
  get(externalId: string): Promise<RemoteIssue | null>;
  update(externalId: string, patch: Partial<SyncedFields>): Promise<void>;
  /** A comment on the issue (a deletion here is said there, never done there). */
  comment(externalId: string, text: string): Promise<void>;
  /** The issue created since `since` whose description carries `marker` (a create cut off by a crash). */
  findByMarker(marker: string, since: Date): Promise<RemoteIssue | null>;
  /** Issues of the project changed at or after `since` (oldest change first), at most `limit`. */
  changedSince(since: Date | null, limit: number): Promise<RemoteIssue[]>;
}

/** The line in an issue's description that ties it to its action item. */
export const markerOf = (actionItemId: string) => `rca-desk:action-item:${actionItemId}`;

/** A tracker refused the request for good (credentials, unknown project, invalid field). */
export class TrackerRefusedError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TrackerRefusedError';
  }
}
