import { Injectable } from '@nestjs/common';
import type { SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import { ForbiddenError } from './accounts.errors';
import type { Principal } from './principal';

/** What a team-restricted record says about itself (e.g. an incident). */
export interface TeamScopedRecord {
  /** Private records are visible to their team(s) and admins only. */
  isPrivate: boolean;
  /** Owning team ids (one or several). */
  teamIds: ReadonlyArray<string | null | undefined>;
}

/** Where a query finds a record's visibility: its private flag and its owning team(s). */
export interface VisibilityColumns {
  privateColumn: string;
  teamColumn?: string;
  teamArrayExpression?: string;
}

/**
 * The caller a read is made for. `undefined` is the system itself (background jobs: drafting,
 * deadlines, pushes), which sees every record; every HTTP route passes its principal.
 */
export type Viewer = Principal | undefined;

/**
 * The seam for "private incidents are visible to their team and admins only". Domains call it
 * instead of re-deriving the rule:
 *  - one record:  `visibility.canSee(principal, { isPrivate: incident.private, teamIds: [incident.teamId] })`
 *  - lists:       `visibility.restrict(queryBuilder, principal, { privateColumn: 'i.private', teamColumn: 'i.team_id' })`
 *  - raw SQL:     `visibility.condition(principal, columns, parameters)` (the same rule as restrict)
 */
@Injectable()
export class VisibilityService {
  canSee(principal: Viewer, record: TeamScopedRecord): boolean {
    if (!record.isPrivate) return true;
    if (!principal || principal.role === 'admin') return true;
    return record.teamIds.some((teamId) => !!teamId && principal.teamIds.includes(teamId));
  }

  /** Team ids whose private records the caller may see; null means every team (admins, the system). */
  visibleTeamIds(principal: Viewer): string[] | null {
    return !principal || principal.role === 'admin' ? null : [...principal.teamIds];
  }

  /**
   * Who may make a record private or public, or move a private one to another team: admins, and
   * responders (or above) of the owning team. `teamIds` are the teams involved: the current owner
   * of a private record and the team it is being given to.
   */
  assertMayChangeVisibility(principal: Principal, teamIds: ReadonlyArray<string | null>): void {
    if (principal.role === 'admin') return;
    if (principal.role === 'viewer')
      throw new ForbiddenError('Only responders, managers and admins may change visibility');
    const outside = teamIds.filter((teamId) => !teamId || !principal.teamIds.includes(teamId));
    if (outside.length)
      throw new ForbiddenError(
        "Only admins and members of the owning team may change a record's visibility or team",
      );
  }

  /**
   * The negation, for an anti-join from a record that inherits its visibility (a postmortem from
   * its incident): `private AND NOT team IN caller's teams`, `FALSE` for admins and the system.
   * `NOT EXISTS (SELECT 1 FROM incident i WHERE i.id = p.incident_id AND <hidden>)` reads only
   * the private rows (partial index `IDX_incident_private`), where `EXISTS (… AND <visible>)`
   * made the planner scan every incident to keep the few public ones it joins to.
   */
  hiddenCondition(principal: Viewer, columns: VisibilityColumns, parameters: unknown[]): string {
    const teams = this.visibleTeamIds(principal);
    if (teams === null) return 'FALSE';
    parameters.push(teams);
    return `(${columns.privateColumn} AND NOT COALESCE(${this.membership(columns, `$${parameters.length}`)}, false))`;
  }

  private membership(columns: VisibilityColumns, parameter: string): string {
    return columns.teamArrayExpression
      ? `${columns.teamArrayExpression} && CAST(${parameter} AS uuid[])`
      : `${columns.teamColumn} = ANY(CAST(${parameter} AS uuid[]))`;
  }

  /** The rule as SQL, `(NOT private OR team IN caller's teams)`, with `parameter` naming the team list. */
  private rule(columns: VisibilityColumns, parameter: string): string {
    return `(NOT ${columns.privateColumn} OR ${this.membership(columns, parameter)})`;
  }

  /**
   * Adds `(NOT private OR team IN caller's teams)` to a query. `teamColumn` is a single team id
   * column; for a many-to-many, pass a SQL expression yielding a uuid[] as `teamArrayExpression`.
   */
  restrict<T extends ObjectLiteral>(
    query: SelectQueryBuilder<T>,
    principal: Viewer,
    columns: VisibilityColumns,
  ): SelectQueryBuilder<T> {
    const teams = this.visibleTeamIds(principal);
    if (teams === null) return query;
    const parameter = `visibleTeams_${Math.random().toString(36).slice(2, 8)}`;
    return query.andWhere(this.rule(columns, `:${parameter}`), { [parameter]: teams });
  }

  /**
   * The same rule for a hand-written statement with positional parameters: pushes the caller's
   * teams onto `parameters` and returns the condition (`TRUE` for admins and the system).
   */
  condition(principal: Viewer, columns: VisibilityColumns, parameters: unknown[]): string {
    const teams = this.visibleTeamIds(principal);
    if (teams === null) return 'TRUE';
    parameters.push(teams);
    return this.rule(columns, `$${parameters.length}`);
  }
}
