import type { SyncedFields } from './tracker-link.entity';

export const SYNCED_FIELDS = ['title', 'status', 'priority', 'dueDate'] as const;
export type SyncedField = (typeof SYNCED_FIELDS)[number];

export interface Conflict {
  field: SyncedField;
  ours: unknown;
  theirs: unknown;
  /** Last writer wins: the side changed later. */
  winner: 'ours' | 'theirs';
}

export interface MergeResult {
  /** What to write to the tracker. */
  toRemote: Partial<SyncedFields>;
  /** What to write here. */
  toLocal: Partial<SyncedFields>;
  conflicts: Conflict[];
  /** What both sides hold afterwards: the next merge's base. */
  merged: SyncedFields;
}

/**
 * Three-way merge per field: a field that differs from the last synced value on one side changed
 * there and goes to the other; changed on both sides to different values, the later writer wins
 * (`ourTime` vs `theirTime`) and the conflict is reported. A tie goes to the tracker.
 */
export function mergeFields(
  base: SyncedFields,
  ours: SyncedFields,
  theirs: SyncedFields,
  ourTime: Date,
  theirTime: Date,
): MergeResult {
  const toRemote: Partial<SyncedFields> = {};
  const toLocal: Partial<SyncedFields> = {};
  const conflicts: Conflict[] = [];
  const merged = { ...base } as Record<SyncedField, unknown>;
  for (const field of SYNCED_FIELDS) {
    const o = ours[field] ?? null;
    const t = theirs[field] ?? null;
    const b = base[field] ?? null;
    if (o === t) {
      merged[field] = o;
      continue;
    }
    const oursChanged = o !== b;
    const theirsChanged = t !== b;
    let winner: 'ours' | 'theirs';
    if (oursChanged && !theirsChanged) winner = 'ours';
    else if (theirsChanged && !oursChanged) winner = 'theirs';
    else {
      winner = ourTime.getTime() > theirTime.getTime() ? 'ours' : 'theirs';
      conflicts.push({ field, ours: o, theirs: t, winner });
    }
    if (winner === 'ours') {
      (toRemote as Record<string, unknown>)[field] = o;
      merged[field] = o;
    } else {
      (toLocal as Record<string, unknown>)[field] = t;
      merged[field] = t;
    }
  }
  return { toRemote, toLocal, conflicts, merged: merged as unknown as SyncedFields };
}
