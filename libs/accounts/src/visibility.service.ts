import { Injectable } from '@nestjs/common';
import type { SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import type { Principal } from './principal';

/** What a team-restricted record says about itself (e.g. an incident). */
export interface TeamScopedRecord {
  /** Private records are visible to their team(s) and admins only. */
  isPrivate: boolean;
  /** Owning team ids (one or several). */
  teamIds: ReadonlyArray<string | null | undefined>;
}

/**
 * The seam for "private incidents are visible to their team and admins only". Domains call it
 * instead of re-deriving the rule:
 *  - one record:  `visibility.canSee(principal, { isPrivate: incident.private, teamIds: [incident.teamId] })`
 *  - lists:       `visibility.restrict(queryBuilder, principal, { privateColumn: 'i.private', teamColumn: 'i.team_id' })`
 */
@Injectable()
export class VisibilityService {
  canSee(principal: Principal, record: TeamScopedRecord): boolean {
    if (!record.isPrivate) return true;
    if (principal.role === 'admin') return true;
    return record.teamIds.some((teamId) => !!teamId && principal.teamIds.includes(teamId));
  }

  /** Team ids whose private records the caller may see; null means every team (admins). */
  visibleTeamIds(principal: Principal): string[] | null {
    return principal.role === 'admin' ? null : [...principal.teamIds];
  }

  /**
   * Adds `(NOT private OR team IN caller's teams)` to a query. `teamColumn` is a single team id
   * column; for a many-to-many, pass a SQL expression yielding a uuid[] as `teamArrayExpression`.
   */
  restrict<T extends ObjectLiteral>(
    query: SelectQueryBuilder<T>,
    principal: Principal,
    columns: { privateColumn: string; teamColumn?: string; teamArrayExpression?: string },
  ): SelectQueryBuilder<T> {
    const teams = this.visibleTeamIds(principal);
    if (teams === null) return query;
    const parameter = `visibleTeams_${Math.random().toString(36).slice(2, 8)}`;
    const membership = columns.teamArrayExpression
      ? `${columns.teamArrayExpression} && CAST(:${parameter} AS uuid[])`
      : `${columns.teamColumn} = ANY(CAST(:${parameter} AS uuid[]))`;
    return query.andWhere(`(NOT ${columns.privateColumn} OR ${membership})`, {
      [parameter]: teams,
    });
  }
}
