import { Injectable } from '@nestjs/common';
import {
  ConflictError,
  Environment,
  InvalidInputError,
  NotFoundError,
  Role,
  versionedWrite,
} from '@rca/shared';
import { ForbiddenError, NotAuthenticatedError } from './accounts.errors';
import { AuditService } from './audit.service';
import { CredentialRepository } from './credential.repository';
import { InvitationEntity } from './invitation.entity';
import { PrincipalCache } from './principal-cache';
import { PasswordService } from './password.service';
import type { ClientInfo, Principal } from './principal';
import { randomSecret, sha256 } from './secrets.util';
import { TeamEntity } from './team.entity';
import { UserEntity } from './user.entity';
import { UserFilter, UserRepository } from './user.repository';

export interface UserView {
  user: UserEntity;
  teams: TeamEntity[];
}

/** What other domains show of a user: who they are, not their account. */
export interface Person {
  id: string;
  email: string;
  displayName: string;
  /** Disabled users stay named on records but cannot be picked again. */
  active: boolean;
}

const toPerson = (user: UserEntity): Person => ({
  id: user.id,
  email: user.email ?? '',
  displayName: user.displayName,
  active: !user.disabledAt,
});

const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
const SETUP_TTL_MS = 24 * 3600 * 1000;

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UserRepository,
    private readonly credentials: CredentialRepository,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    private readonly environment: Environment,
    private readonly principals: PrincipalCache,
  ) {}

  /**
   * Refuses people who are not users (e.g. a postmortem's reviewers or owner): a 400 on `field`
   * naming each unknown e-mail.
   */
  async assertPeopleExist(field: string, emails: string[]): Promise<void> {
    const unknown = await this.users.unknownEmails([...new Set(emails)]);
    if (unknown.length > 0)
      throw new InvalidInputError(
        field,
        `no active user has the e-mail ${unknown.map((email) => `"${email}"`).join(', ')}; invite them first`,
      );
  }

  /**
   * The person a field names by e-mail, for a link by id (an action item's owner): a 400 on `field`
   * when no enabled user has it.
   */
  async personByEmail(field: string, email: string): Promise<Person> {
    const user = await this.users.findByEmail(email.trim());
    if (!user || user.disabledAt || !user.email)
      throw new InvalidInputError(field, `no user with e-mail ${email.trim()} — invite them first`);
    return toPerson(user);
  }

  /** The person a field names by user id: a 400 on `field` when no enabled user has it. */
  async personById(field: string, id: string): Promise<Person> {
    const [user] = await this.users.findPeople([id]);
    if (!user || user.disabledAt || !user.email)
      throw new InvalidInputError(field, `no user with id ${id} — invite them first`);
    return toPerson(user);
  }

  /** Name and e-mail of these users (disabled ones too: a record keeps naming them). */
  async peopleByIds(ids: string[]): Promise<Map<string, Person>> {
    const users = await this.users.findPeople([...new Set(ids)]);
    return new Map(users.map((user) => [user.id, toPerson(user)]));
  }

  /** Name and id of the users with these e-mails, keyed by lower-case e-mail (unknown ones are left out). */
  async peopleByEmails(emails: string[]): Promise<Map<string, Person>> {
    const users = await this.users.findByEmails([...new Set(emails)]);
    return new Map(users.map((user) => [user.email!.toLowerCase(), toPerson(user)]));
  }

  /** The people picker (any signed-in role): enabled people by name, cursor-paged. */
  async searchPeople(q: string | undefined, cursor: string | undefined, limit: number | undefined) {
    const page = await this.users.searchPeople(q, cursor, limit);
    return { items: page.items.map(toPerson), nextCursor: page.nextCursor };
  }

  /** Display names of the people these e-mails belong to, e.g. to redact them from public exports. */
  displayNamesOf(emails: string[]): Promise<string[]> {
    return this.users.displayNamesOf([...new Set(emails.filter((email) => email.includes('@')))]);
  }

  async get(id: string): Promise<UserView> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundError('User', id);
    const teams = (await this.users.teamsOf([id])).get(id) ?? [];
    return { user, teams };
  }

  async list(
    filter: UserFilter,
  ): Promise<{ items: UserView[]; nextCursor: string | null; total: number }> {
    const { items, nextCursor, total } = await this.users.list(filter);
    const teams = await this.users.teamsOf(items.map((user) => user.id));
    return {
      items: items.map((user) => ({ user, teams: teams.get(user.id) ?? [] })),
      nextCursor,
      total,
    };
  }

  private async assertTeams(teamIds: string[]): Promise<void> {
    const found = await this.users.findTeams(teamIds);
    const missing = teamIds.filter((id) => !found.some((team) => team.id === id));
    if (missing.length)
      throw new InvalidInputError('teamIds', `unknown team ${missing.join(', ')}`);
  }

  /** An admin creates a person with a password, or a service account (no password). */
  async create(
    input: {
      email?: string;
      displayName: string;
      role: Role;
      password?: string;
      kind: 'human' | 'service';
      teamIds: string[];
    },
    actor: Principal | null,
    client: ClientInfo | null,
    actorLabel?: string,
  ): Promise<UserView> {
    const teamIds = [...new Set(input.teamIds)];
    await this.assertTeams(teamIds);
    if (input.kind === 'human' && !input.email)
      throw new InvalidInputError('email', 'email is required for a person');
    if (input.kind === 'service' && input.password)
      throw new InvalidInputError('password', 'service accounts sign in with API tokens only');
    if (input.password)
      this.passwords.assertAcceptable(input.password, [input.email, input.displayName]);
    const email = input.email?.toLowerCase() ?? null;
    if (email && (await this.users.findByEmail(email)))
      throw new ConflictError('A user with this email already exists');
    const passwordHash = input.password ? await this.passwords.hash(input.password) : null;
    const user = await this.users.transaction(async (manager) => {
      const created = await this.users.insert(
        { email, displayName: input.displayName, role: input.role, kind: input.kind, passwordHash },
        manager,
      );
      await this.users.replaceTeams(created.id, teamIds, manager);
      await this.audit.record(
        {
          action: input.kind === 'service' ? 'service_account.created' : 'user.created',
          actor,
          actorLabel,
          target: { type: 'user', id: created.id },
          client,
          details: { email, role: input.role, teamIds },
        },
        manager,
      );
      return created;
    });
    return this.get(user.id);
  }

  /** Role, name, disabled flag and teams, with optimistic concurrency on `version`. */
  async update(
    id: string,
    input: {
      version: number;
      role?: Role;
      displayName?: string;
      disabled?: boolean;
      teamIds?: string[];
    },
    actor: Principal,
    client: ClientInfo,
  ): Promise<UserView> {
    const before = await this.users.findById(id);
    if (!before) throw new NotFoundError('User', id);
    if (
      id === actor.userId &&
      ((input.role !== undefined && input.role !== before.role) || input.disabled)
    )
      throw new ForbiddenError('You cannot change your own role or disable yourself');
    if (input.teamIds) await this.assertTeams(input.teamIds);
    await this.users.transaction(async (manager) => {
      const changes: Partial<UserEntity> = {};
      if (input.role !== undefined) changes.role = input.role;
      if (input.displayName !== undefined) changes.displayName = input.displayName;
      if (input.disabled !== undefined) changes.disabledAt = input.disabled ? new Date() : null;
      await versionedWrite<UserEntity>({
        manager,
        entity: 'User',
        id,
        expectedVersion: input.version,
        find: (tx) => this.users.findById(id, tx),
        write: (_before, tx) => this.users.updateVersioned(id, input.version, changes, tx),
        view: toPublicUser,
      });
      if (input.teamIds) await this.users.replaceTeams(id, [...new Set(input.teamIds)], manager);
      if (input.role !== undefined && input.role !== before.role)
        await this.audit.record(
          {
            action: 'user.role_changed',
            actor,
            target: { type: 'user', id },
            client,
            details: { from: before.role, to: input.role },
          },
          manager,
        );
      if (input.disabled !== undefined && input.disabled !== !!before.disabledAt) {
        await this.audit.record(
          {
            action: input.disabled ? 'user.disabled' : 'user.enabled',
            actor,
            target: { type: 'user', id },
            client,
          },
          manager,
        );
        if (input.disabled) await this.credentials.deleteSessionsOfUser(id, manager);
      }
      if (input.teamIds)
        await this.audit.record(
          {
            action: 'user.teams_changed',
            actor,
            target: { type: 'user', id },
            client,
            details: { teamIds: input.teamIds },
          },
          manager,
        );
    });
    // After the commit: a token of this user must not keep its old role or teams from a cache.
    this.principals.invalidate();
    return this.get(id);
  }

  async invite(
    input: { email: string; role: Role; teamIds: string[] },
    actor: Principal | null,
    client: ClientInfo | null,
    actorLabel?: string,
  ): Promise<{ invitation: InvitationEntity; token: string }> {
    await this.assertTeams(input.teamIds);
    const email = input.email.toLowerCase();
    if (await this.users.findByEmail(email))
      throw new ConflictError('A user with this email already exists');
    const token = randomSecret();
    const invitation = await this.credentials.insertInvitation({
      tokenHash: sha256(token),
      purpose: 'invite',
      email,
      role: input.role,
      teamIds: [...new Set(input.teamIds)],
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      createdByUserId: actor?.userId ?? null,
    });
    await this.audit.record({
      action: 'invitation.created',
      actor,
      actorLabel,
      target: { type: 'invitation', id: invitation.id },
      client,
      details: { email, role: input.role },
    });
    return { invitation, token };
  }

  /** The first-run link: lets whoever holds it create the first admin. Only while no user exists. */
  async createSetupLink(actorLabel: string): Promise<{ token: string; expiresAt: Date } | null> {
    if ((await this.users.count()) > 0) return null;
    const token = randomSecret();
    const expiresAt = new Date(Date.now() + SETUP_TTL_MS);
    await this.credentials.expireOpenSetupLinks(new Date());
    const invitation = await this.credentials.insertInvitation({
      tokenHash: sha256(token),
      purpose: 'setup',
      email: null,
      role: 'admin',
      teamIds: [],
      expiresAt,
      createdByUserId: null,
    });
    await this.audit.record({
      action: 'setup_link.created',
      actorLabel,
      target: { type: 'invitation', id: invitation.id },
    });
    return { token, expiresAt };
  }

  /** Accepts an invitation or setup link; a bad, used or expired link is one generic 401. */
  async acceptInvitation(
    input: { token: string; displayName: string; password: string; email?: string },
    client: ClientInfo,
  ): Promise<UserEntity> {
    const invalid = async (reason: string) => {
      await this.audit.record({
        action: 'invitation.accept_failed',
        outcome: 'failure',
        actorLabel: input.email ?? null,
        client,
        details: { reason },
      });
      return new NotAuthenticatedError('This invitation link is invalid or has expired');
    };
    const probe = await this.users.transaction(async (manager) => {
      const invitation = await this.credentials.findInvitationByHash(sha256(input.token), manager);
      if (!invitation) return { error: 'unknown' as const };
      if (invitation.acceptedAt) return { error: 'used' as const };
      if (invitation.expiresAt.getTime() <= Date.now()) return { error: 'expired' as const };
      return { invitation };
    });
    if ('error' in probe) throw await invalid(probe.error!);
    const invitation = probe.invitation!;
    const email = (invitation.email ?? input.email)?.toLowerCase();
    if (!email) throw new InvalidInputError('email', 'email is required for this link');
    this.passwords.assertAcceptable(input.password, [email, input.displayName]);
    const passwordHash = await this.passwords.hash(input.password);
    const created = await this.users.transaction(async (manager) => {
      // Re-checked under the row lock: two concurrent accepts cannot both succeed.
      const locked = await this.credentials.findInvitationByHash(sha256(input.token), manager);
      if (!locked || locked.acceptedAt) return null;
      if (invitation.purpose === 'setup' && (await manager.getRepository(UserEntity).count()) > 0)
        return null;
      if (await manager.getRepository(UserEntity).findOneBy({ email }))
        throw new ConflictError('A user with this email already exists');
      await this.credentials.markInvitationAccepted(locked.id, new Date(), manager);
      const user = await this.users.insert(
        {
          email,
          displayName: input.displayName,
          role: invitation.role,
          kind: 'human',
          passwordHash,
        },
        manager,
      );
      await this.users.replaceTeams(user.id, invitation.teamIds, manager);
      await this.audit.record(
        {
          action: invitation.purpose === 'setup' ? 'setup.completed' : 'invitation.accepted',
          actor: { userId: user.id, email, displayName: user.displayName },
          target: { type: 'user', id: user.id },
          client,
          details: { role: invitation.role, invitationId: invitation.id },
        },
        manager,
      );
      return user;
    });
    if (!created) throw await invalid('used');
    return created;
  }

  async createTeam(name: string, actor: Principal, client: ClientInfo): Promise<TeamEntity> {
    const team = await this.users.createTeam(name);
    await this.audit.record({
      action: 'team.created',
      actor,
      target: { type: 'team', id: team.id },
      client,
      details: { name },
    });
    return team;
  }

  listTeams(limit: number | undefined, cursor?: string, q?: string) {
    return this.users.listTeams(limit, cursor, q);
  }

  get passwordMinLength(): number {
    return this.environment.PASSWORD_MIN_LENGTH;
  }
}

export function toPublicUser(user: UserEntity) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    kind: user.kind,
    role: user.role,
    disabled: !!user.disabledAt,
    version: user.version,
  };
}
