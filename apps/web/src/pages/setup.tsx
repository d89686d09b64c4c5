import { FormEvent, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { acceptInvitation, ApiError } from '../api';
import { useSession } from '../session';
import { Field, FormError } from '../ui';

/**
 * First-run setup links (`/setup#token=…`) and invitation links (`/invitation#token=…`, what the
 * API's and the CLI's invitations print): choose a name and a password, then you are signed in.
 * The token stays in the fragment, so it never reaches a server log.
 */
export function SetupPage({ invitation = false }: { invitation?: boolean }) {
  const location = useLocation();
  const navigate = useNavigate();
  const { setUser } = useSession();
  const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token') ?? '';
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setUser(
        await acceptInvitation({
          token,
          displayName,
          password,
          ...(email.trim() ? { email: email.trim() } : {}),
        }),
      );
      navigate('/incidents', { replace: true });
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  if (!token) {
    return (
      <section className="auth-page">
        <h1>{invitation ? 'Invitation link incomplete' : 'Setup link incomplete'}</h1>
        <p>
          This page needs the whole link you were given (it ends with <code>#token=…</code>).
        </p>
      </section>
    );
  }
  const fields = error instanceof ApiError ? error.fieldErrors : {};
  return (
    <section className="auth-page" aria-labelledby="setup-title">
      <h1 id="setup-title">{invitation ? 'Accept your invitation' : 'Set up your account'}</h1>
      {invitation && (
        <p className="muted">
          You were invited to RCA desk. Choose the name your colleagues will see and a password.
        </p>
      )}
      <form onSubmit={submit} noValidate>
        {!invitation && (
          <Field
            label="E-mail"
            errors={fields.email}
            hint="The first-run setup link needs it; an invitation already names your e-mail."
          >
            {(props) => (
              <input
                {...props}
                type="email"
                autoComplete="email"
                value={email}
                onChange={(event) => setEmail(event.target.value)}
              />
            )}
          </Field>
        )}
        <Field label="Your name" errors={fields.displayName}>
          {(props) => (
            <input
              {...props}
              autoComplete="name"
              required
              value={displayName}
              onChange={(event) => setDisplayName(event.target.value)}
            />
          )}
        </Field>
        <Field
          label="Password"
          errors={fields.password}
          hint="At least 12 characters; common passwords are refused."
        >
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="new-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          )}
        </Field>
        <FormError error={error} shownFields={['email', 'displayName', 'password']} />
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save and sign in'}
        </button>
      </form>
    </section>
  );
}
