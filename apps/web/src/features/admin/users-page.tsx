import { useState, type FormEvent } from 'react';
import { ROLES, type InvitationCreated, type Role, type Team, type User } from '@rca/api-contract';
import { ApiError } from '../../api';
import { BROWSER_ZONE, formatInZone } from '../../time';
import { Empty, ErrorBox, Field, FormError, humanize, Loading } from '../../ui';
import { useTeams, useUserMutations, useUsers } from './queries';

type Mutations = ReturnType<typeof useUserMutations>;

function InviteForm({ teams, mutations }: { teams: Team[]; mutations: Mutations }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const [sent, setSent] = useState<InvitationCreated>();
  const invite = mutations.invite;
  const errors = invite.error instanceof ApiError ? invite.error.fieldErrors : {};
  function submit(event: FormEvent) {
    event.preventDefault();
    setSent(undefined);
    invite.mutate(
      { email: email.trim(), role: role as Role, teamIds },
      {
        onSuccess: (created) => {
          setSent(created);
          setEmail('');
          setTeamIds([]);
        },
      },
    );
  }
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Invite someone">
      <FormError error={invite.error} shownFields={['email', 'role', 'teamIds']} />
      <div className="row">
        <Field label="E-mail" errors={errors.email}>
          {(props) => (
            <input
              {...props}
              type="email"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          )}
        </Field>
        <Field label="Role" errors={errors.role}>
          {(props) => (
            <select
              {...props}
              value={role}
              onChange={(event) => setRole(event.target.value as Role)}
            >
              <option value="">Choose a role…</option>
              {ROLES.map((value) => (
                <option key={value} value={value}>
                  {humanize(value)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {teams.length > 0 && (
        <fieldset className="checkboxes">
          <legend>Teams</legend>
          {teams.map((team) => (
            <label key={team.id} className="checkbox">
              <input
                type="checkbox"
                checked={teamIds.includes(team.id)}
                onChange={(event) =>
                  setTeamIds((ids) =>
                    event.target.checked ? [...ids, team.id] : ids.filter((id) => id !== team.id),
                  )
                }
              />
              {team.name}
            </label>
          ))}
        </fieldset>
      )}
      <button type="submit" className="primary" disabled={invite.isPending}>
        {invite.isPending ? 'Inviting…' : 'Invite'}
      </button>
      {sent && (
        <div className="secret-box" role="status">
          <p>
            <strong>Invitation for {sent.email}</strong> ({sent.role}). Give this link to the
            person; it works once, until {formatInZone(sent.expiresAt, BROWSER_ZONE)}:
          </p>
          <p>
            <code data-testid="invitation-link">{sent.link}</code>
          </p>
        </div>
      )}
    </form>
  );
}

function UserRow({ user, teams, mutations }: { user: User; teams: Team[]; mutations: Mutations }) {
  const update = mutations.update;
  const mine = update.variables?.user.id === user.id;
  const name = user.displayName || user.email || user.id;
  const teamIds = user.teams.map((team) => team.id);
  return (
    <tr className={user.disabled ? 'muted' : undefined}>
      <td>{user.displayName}</td>
      <td>{user.email ?? <span className="muted">service account</span>}</td>
      <td>
        <select
          aria-label={`Role of ${name}`}
          value={user.role}
          disabled={update.isPending && mine}
          onChange={(event) => update.mutate({ user, patch: { role: event.target.value as Role } })}
        >
          {ROLES.map((value) => (
            <option key={value} value={value}>
              {humanize(value)}
            </option>
          ))}
        </select>
        {mine && update.error !== null && <ErrorBox error={update.error} />}
      </td>
      <td>
        {teams.length === 0 ? (
          <span className="muted">No team yet</span>
        ) : (
          <details>
            <summary>{user.teams.map((team) => team.name).join(', ') || 'No team'}</summary>
            {teams.map((team) => (
              <label key={team.id} className="checkbox">
                <input
                  type="checkbox"
                  aria-label={`${name} in ${team.name}`}
                  checked={teamIds.includes(team.id)}
                  onChange={(event) =>
                    update.mutate({
                      user,
                      patch: {
                        teamIds: event.target.checked
                          ? [...teamIds, team.id]
                          : teamIds.filter((id) => id !== team.id),
                      },
                    })
                  }
                />
                {team.name}
              </label>
            ))}
          </details>
        )}
      </td>
      <td>{user.disabled ? 'Deactivated' : 'Active'}</td>
      <td>{user.lastLoginAt ? formatInZone(user.lastLoginAt, BROWSER_ZONE) : '—'}</td>
      <td>
        <button
          type="button"
          className={user.disabled ? undefined : 'danger'}
          onClick={() => update.mutate({ user, patch: { disabled: !user.disabled } })}
          aria-label={`${user.disabled ? 'Reactivate' : 'Deactivate'} ${name}`}
        >
          {user.disabled ? 'Reactivate' : 'Deactivate'}
        </button>
      </td>
    </tr>
  );
}

function TeamForm({ mutations }: { mutations: Mutations }) {
  const [name, setName] = useState('');
  const create = mutations.createTeam;
  const errors = create.error instanceof ApiError ? create.error.fieldErrors : {};
  return (
    <form
      className="form"
      noValidate
      aria-label="Add a team"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(name.trim(), { onSuccess: () => setName('') });
      }}
    >
      <FormError error={create.error} shownFields={['name']} />
      <div className="row">
        <Field label="Team name" errors={errors.name}>
          {(props) => (
            <input {...props} value={name} onChange={(event) => setName(event.target.value)} />
          )}
        </Field>
      </div>
      <button type="submit" disabled={create.isPending}>
        Add team
      </button>
    </form>
  );
}

/** Admins: people (invite, role, teams, deactivate) and teams. */
export function UsersPage() {
  const users = useUsers();
  const teams = useTeams();
  const mutations = useUserMutations();
  const teamList = teams.data?.items ?? [];
  return (
    <>
      <h1>People and teams</h1>
      <section aria-labelledby="invite-title" className="card">
        <h2 id="invite-title">Invite someone</h2>
        <p className="muted">
          The invitation link lets the person choose their name and password. Roles: viewers read,
          responders record incidents and write postmortems, managers review and publish, admins
          manage everything here.
        </p>
        <InviteForm teams={teamList} mutations={mutations} />
      </section>

      <section aria-labelledby="users-title">
        <h2 id="users-title">People</h2>
        {users.error && <ErrorBox error={users.error} onRetry={() => void users.refetch()} />}
        {users.isPending && <Loading what="people" />}
        {users.data && (
          <>
            <p className="small muted">
              Showing {users.data.items.length} of {users.data.total}
            </p>
            <div className="table-wrap">
              <table aria-label="People">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">E-mail</th>
                    <th scope="col">Role</th>
                    <th scope="col">Teams</th>
                    <th scope="col">Status</th>
                    <th scope="col">Last sign-in</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {users.data.items.map((user) => (
                    <UserRow key={user.id} user={user} teams={teamList} mutations={mutations} />
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      <section aria-labelledby="teams-title">
        <h2 id="teams-title">Teams</h2>
        {teams.error && <ErrorBox error={teams.error} onRetry={() => void teams.refetch()} />}
        {teams.data && teams.data.items.length === 0 && (
          <Empty title="No teams yet">
            <p>
              Teams own services and postmortems, and make incidents private to them. Add one below,
              then put people in it from the table above.
            </p>
          </Empty>
        )}
        {teamList.length > 0 && (
          <ul className="tags" aria-label="Teams">
            {teamList.map((team) => (
              <li key={team.id} className="tag">
                {team.name}
              </li>
            ))}
          </ul>
        )}
        <TeamForm mutations={mutations} />
      </section>
    </>
  );
}
