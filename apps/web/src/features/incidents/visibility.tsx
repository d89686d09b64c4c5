import { useState, type FormEvent } from 'react';
import type { IncidentDetail, Team } from '@rca/api-contract';
import { ApiError } from '../../api';
import { useSession } from '../../session';
import { Field, FormError } from '../../ui';
import { useSetVisibility, useTeams } from './queries';

function LockIcon() {
  return (
    <svg className="lock-icon" viewBox="0 0 16 16" width="11" height="11" aria-hidden="true">
      <path
        fill="currentColor"
        d="M4 7V5a4 4 0 1 1 8 0v2h1a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h1Zm2 0h4V5a2 2 0 1 0-4 0v2Z"
      />
    </svg>
  );
}

/** The lock shown beside a private incident (list rows, the incident page). */
export function PrivateBadge({ team }: { team?: string | null }) {
  const text = team ? `Private to ${team}` : 'Private';
  return (
    <span className="badge private" title={`${text}: only the team and admins see it`}>
      <LockIcon /> {text}
    </span>
  );
}

/**
 * Teams a person may give an incident to: admins every team, everyone else their own (the server
 * refuses the others with 403 anyway).
 */
function useChoosableTeams(): Team[] {
  const { user } = useSession();
  const teams = useTeams();
  if (user?.role === 'admin') return teams.data?.items ?? [];
  return user?.teams ?? [];
}

/**
 * "Private to <team>" on the incident page: the owning team and the private switch, saved
 * together as one versioned change (POST /incidents/:ref/visibility). Responders of the owning
 * team and admins may change it; others see the state only.
 */
export function VisibilityControl({
  incident,
  onChanged,
}: {
  incident: IncidentDetail;
  onChanged: () => void;
}) {
  const { user } = useSession();
  const teams = useChoosableTeams();
  const save = useSetVisibility(incident.reference);
  const [isPrivate, setPrivate] = useState(incident.private);
  const [teamId, setTeamId] = useState(incident.teamId ?? '');
  const member = !!user?.teams.some((team) => team.id === incident.teamId);
  const mayChange =
    user?.role === 'admin' || (user?.role !== 'viewer' && (member || !incident.teamId));
  const changed = isPrivate !== incident.private || teamId !== (incident.teamId ?? '');
  const errors = save.error instanceof ApiError ? save.error.fieldErrors : {};
  const options = [...teams];
  if (incident.team && !options.some((team) => team.id === incident.team!.id))
    options.unshift(incident.team);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(
      { version: incident.version, private: isPrivate, teamId: teamId || null },
      { onSuccess: onChanged },
    );
  }

  return (
    <form className="visibility-control" onSubmit={submit} noValidate aria-label="Visibility">
      {incident.private && <PrivateBadge team={incident.team?.name} />}
      {mayChange ? (
        <>
          <label className="checkbox">
            <input
              type="checkbox"
              name="private"
              checked={isPrivate}
              onChange={(event) => setPrivate(event.target.checked)}
            />
            Private to
          </label>
          <select
            name="teamId"
            aria-label="Owning team"
            aria-invalid={!!errors.teamId}
            value={teamId}
            onChange={(event) => setTeamId(event.target.value)}
          >
            <option value="">No team</option>
            {options.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
          {changed && (
            <button type="submit" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save visibility'}
            </button>
          )}
          <FormError error={save.error} shownFields={[]} onReload={onChanged} />
        </>
      ) : (
        !incident.private && (
          <span className="muted small">
            Visible to everyone{incident.team ? ` · owned by ${incident.team.name}` : ''}
          </span>
        )
      )}
    </form>
  );
}

export interface VisibilityChoice {
  private: boolean;
  teamId: string | null;
}

/** The create-incident form's "Private to my team" option. */
export function NewIncidentVisibility({
  value,
  onChange,
  errors,
}: {
  value: VisibilityChoice;
  onChange: (value: VisibilityChoice) => void;
  errors?: string[];
}) {
  const teams = useChoosableTeams();
  if (teams.length === 0) return null;
  return (
    <div className="row">
      <label className="checkbox">
        <input
          type="checkbox"
          name="private"
          checked={value.private}
          onChange={(event) =>
            onChange({
              private: event.target.checked,
              teamId: value.teamId ?? (event.target.checked ? teams[0].id : null),
            })
          }
        />
        Private to the team (only its members and admins see it)
      </label>
      <Field label="Owning team" errors={errors}>
        {(props) => (
          <select
            {...props}
            name="teamId"
            value={value.teamId ?? ''}
            onChange={(event) => onChange({ ...value, teamId: event.target.value || null })}
          >
            <option value="">No team</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}
