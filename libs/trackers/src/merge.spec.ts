import { mergeFields } from './merge';
import type { SyncedFields } from './tracker-link.entity';

const base: SyncedFields = {
  title: 'Add a second CDN',
  status: 'open',
  priority: 'P2',
  dueDate: '2026-12-20',
};
const earlier = new Date('2026-12-03T10:00:00Z');
const later = new Date('2026-12-03T11:00:00Z');

describe('mergeFields: edits on either side converge, field by field', () => {
  it('sends our change to the tracker and theirs to us, when each side changed a different field', () => {
    const result = mergeFields(
      base,
      { ...base, title: 'Add a second CDN provider' },
      { ...base, status: 'done' },
      earlier,
      later,
    );
    expect(result.toRemote).toEqual({ title: 'Add a second CDN provider' });
    expect(result.toLocal).toEqual({ status: 'done' });
    expect(result.conflicts).toEqual([]);
    expect(result.merged).toEqual({ ...base, title: 'Add a second CDN provider', status: 'done' });
  });

  it('a field both sides changed differently goes to the later writer and is reported', () => {
    const ours = { ...base, dueDate: '2026-12-24' };
    const theirs = { ...base, dueDate: '2027-01-15' };
    const theirsLater = mergeFields(base, ours, theirs, earlier, later);
    expect(theirsLater.toLocal).toEqual({ dueDate: '2027-01-15' });
    expect(theirsLater.toRemote).toEqual({});
    expect(theirsLater.conflicts).toEqual([
      { field: 'dueDate', ours: '2026-12-24', theirs: '2027-01-15', winner: 'theirs' },
    ]);
    const oursLater = mergeFields(base, ours, theirs, later, earlier);
    expect(oursLater.toRemote).toEqual({ dueDate: '2026-12-24' });
    expect(oursLater.conflicts[0]!.winner).toBe('ours');
  });

  it('the same change on both sides is no conflict, and nothing is written', () => {
    const both = { ...base, priority: 'P0' as const };
    const result = mergeFields(base, both, both, earlier, later);
    expect(result).toEqual({ toRemote: {}, toLocal: {}, conflicts: [], merged: both });
  });

  it('a cleared due date is a change like any other', () => {
    const result = mergeFields(base, { ...base, dueDate: null }, base, later, earlier);
    expect(result.toRemote).toEqual({ dueDate: null });
    expect(result.merged.dueDate).toBeNull();
  });
});
