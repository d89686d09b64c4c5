import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { SEVERITIES, type DeadlinePolicy } from '@rca/api-contract';
import { ApiError } from '../../api';
import { useSession } from '../../session';
import { isValidZone } from '../../time';
import { ActionList } from '../../components/action-list';
import { Empty, Field, FormError, fieldErrorsOf } from '../../ui';
import { ZoneInput } from '../../zone-input';
import { COMMON_COUNTRIES, countryName, describePolicy } from './policy-text';
import { usePolicies, usePolicyMutations, type PolicyInput } from './queries';

const list = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);

function PolicyForm({
  policy,
  mutations,
  onDone,
}: {
  policy?: DeadlinePolicy;
  mutations: ReturnType<typeof usePolicyMutations>;
  onDone?: () => void;
}) {
  const [severity, setSeverity] = useState(policy?.severity ?? '');
  const [team, setTeam] = useState(policy?.team ?? '');
  const [businessDays, setBusinessDays] = useState(String(policy?.businessDays ?? 5));
  const [zone, setZone] = useState(policy?.zone ?? '');
  const [country, setCountry] = useState(policy?.country ?? '');
  const [region, setRegion] = useState(policy?.region ?? '');
  const [dueTime, setDueTime] = useState(policy?.dueTime ?? '17:00');
  const [holidays, setHolidays] = useState((policy?.customHolidays ?? []).join(', '));
  const [reminders, setReminders] = useState(
    (policy?.reminderHoursBefore ?? [48, 24, 0]).join(', '),
  );
  const [escalation, setEscalation] = useState(String(policy?.escalationEveryHours ?? 24));
  const [zoneError, setZoneError] = useState<string[]>();
  const write = policy ? mutations.update : mutations.create;
  const errors = write.error instanceof ApiError ? write.error.fieldErrors : {};
  const body: PolicyInput = {
    severity,
    businessDays: Number(businessDays),
    zone,
    dueTime,
    customHolidays: list(holidays),
    reminderHoursBefore: list(reminders).map(Number),
    escalationEveryHours: Number(escalation),
    ...(team.trim() ? { team: team.trim() } : {}),
    ...(country.trim() ? { country: country.trim().toUpperCase() } : {}),
    ...(region.trim() ? { region: region.trim() } : {}),
  };
  function submit(event: FormEvent) {
    event.preventDefault();
    if (zone && !isValidZone(zone)) {
      setZoneError([`"${zone}" is not an IANA time zone`]);
      return;
    }
    setZoneError(undefined);
    const options = { onSuccess: () => onDone?.() };
    if (policy) mutations.update.mutate({ policy, body }, options);
    else mutations.create.mutate(body, options);
  }
  const label = policy ? `Edit the ${policy.severity} policy` : 'Add a deadline policy';
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={label}>
      <FormError
        error={write.error}
        shownFields={[
          'severity',
          'team',
          'businessDays',
          'zone',
          'country',
          'region',
          'dueTime',
          'customHolidays',
          'reminderHoursBefore',
          'escalationEveryHours',
        ]}
      />
      <div className="row">
        <Field label="Severity" errors={fieldErrorsOf(write.error, 'severity')}>
          {(props) => (
            <select
              {...props}
              value={severity}
              onChange={(event) => setSeverity(event.target.value)}
            >
              <option value="">Choose…</option>
              {SEVERITIES.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Team (empty: every team)"
          errors={fieldErrorsOf(write.error, 'team')}
          value={team}
          onValue={setTeam}
        />
        <Field
          label="Business days"
          errors={fieldErrorsOf(write.error, 'businessDays')}
          hint="After the resolution day"
          type="number"
          min={1}
          max={365}
          value={businessDays}
          onValue={setBusinessDays}
        />
        <Field
          label="Due time"
          errors={fieldErrorsOf(write.error, 'dueTime')}
          type="time"
          value={dueTime}
          onValue={setDueTime}
        />
      </div>
      <div className="row">
        <Field
          label="Time zone"
          errors={zoneError ?? errors.zone}
          hint="IANA zone, e.g. Europe/Paris"
        >
          {(props) => <ZoneInput {...props} value={zone} onChange={setZone} />}
        </Field>
        <Field
          label="Holiday country"
          errors={fieldErrorsOf(write.error, 'country')}
          hint={
            country.trim().length >= 2
              ? countryName(country.trim())
              : 'ISO code, e.g. FR; empty: none'
          }
        >
          {(props) => (
            <>
              <input
                {...props}
                list="holiday-countries"
                value={country}
                onChange={(event) => setCountry(event.target.value)}
              />
              <datalist id="holiday-countries">
                {COMMON_COUNTRIES.map((code) => (
                  <option key={code} value={code}>
                    {countryName(code)}
                  </option>
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field
          label="Region (optional)"
          errors={fieldErrorsOf(write.error, 'region')}
          hint="State or region, e.g. CA"
          value={region}
          onValue={setRegion}
        />
      </div>
      <div className="row">
        <Field
          label="Company holidays"
          errors={fieldErrorsOf(write.error, 'customHolidays')}
          hint="Dates YYYY-MM-DD, comma-separated"
          value={holidays}
          onValue={setHolidays}
        />
        <Field
          label="Reminders (hours before due)"
          errors={fieldErrorsOf(write.error, 'reminderHoursBefore')}
          value={reminders}
          onValue={setReminders}
        />
        <Field
          label="Escalate every (hours)"
          errors={fieldErrorsOf(write.error, 'escalationEveryHours')}
          type="number"
          min={1}
          value={escalation}
          onValue={setEscalation}
        />
      </div>
      {zone && isValidZone(zone) && Number(businessDays) > 0 && (
        <p className="small muted" aria-live="polite">
          Reads:{' '}
          {describePolicy({ ...body, country: body.country ?? null, region: body.region ?? null })}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={write.isPending}>
          {write.isPending ? 'Saving…' : policy ? 'Save policy' : 'Add policy'}
        </button>
        {policy && onDone && (
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/** Managers and admins: when postmortems are due (business days, zone, holiday calendar). */
export function PoliciesPage() {
  const { user } = useSession();
  const canWrite = user?.role === 'manager' || user?.role === 'admin';
  const policies = usePolicies();
  const mutations = usePolicyMutations();
  const [editing, setEditing] = useState<string>();
  // A new, empty form after each policy added.
  const [added, setAdded] = useState(0);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/deadlines">Deadlines</Link> / Policies
      </p>
      <h1>Deadline policies</h1>
      <p className="muted">
        When a postmortem is due after its incident resolves: a number of business days in a time
        zone, skipping weekends and the public holidays of a country. Without a policy for a
        severity the built-in default applies (5 business days, America/New_York, US holidays).
      </p>
      <ActionList
        label="Deadline policies"
        testId="deadline-policy"
        items={policies.data?.items}
        loading={policies.isPending}
        error={policies.error}
        onRetry={() => void policies.refetch()}
        itemKey={(policy) => policy.id}
        empty={
          <Empty title="No deadline policy yet">
            <p>
              Every postmortem gets the built-in default.{' '}
              {canWrite && 'Add a policy below to change it.'}
            </p>
          </Empty>
        }
        editing={editing}
        renderEditor={(policy) => (
          <PolicyForm policy={policy} mutations={mutations} onDone={() => setEditing(undefined)} />
        )}
        render={(policy) => (
          <>
            <h3>
              {policy.severity} · {policy.team ?? 'every team'}
            </h3>
            <p>{describePolicy(policy)}</p>
            <p className="small muted">
              Reminders{' '}
              {policy.reminderHoursBefore.map((hours) => `${hours} h`).join(', ') || 'none'} before;
              escalation every {policy.escalationEveryHours} h when overdue.
            </p>
          </>
        )}
        actions={(policy) =>
          canWrite
            ? [
                {
                  label: 'Edit',
                  ariaLabel: `Edit the ${policy.severity} policy`,
                  onClick: () => setEditing(policy.id),
                },
                {
                  label: 'Delete',
                  ariaLabel: `Delete the ${policy.severity} policy`,
                  danger: true,
                  confirm: `Delete the ${policy.severity} policy? The default applies again.`,
                  onClick: () => mutations.remove.mutate(policy),
                },
              ]
            : []
        }
        errors={[mutations.remove.error]}
      />
      {canWrite && (
        <section className="card" aria-labelledby="new-policy-title">
          <h2 id="new-policy-title">New policy</h2>
          <PolicyForm key={added} mutations={mutations} onDone={() => setAdded((n) => n + 1)} />
        </section>
      )}
    </>
  );
}
