import { FormEvent, useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, signIn, signInOptions } from '../api';
import { useSession } from '../session';
import { Field, FormError } from '../ui';

/** Only paths of this app, so a crafted link cannot send people elsewhere after sign-in. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/incidents';
}

export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { setUser } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [sso, setSso] = useState(false);

  useEffect(() => {
    signInOptions().then(
      (options) => setSso(options.sso),
      () => setSso(false),
    );
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setUser(await signIn(email, password));
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  const fields = error instanceof ApiError ? error.fieldErrors : {};
  return (
    <section className="auth-page" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in to RCA desk</h1>
      <form onSubmit={submit} noValidate>
        <Field label="E-mail" errors={fields.email}>
          {(props) => (
            <input
              {...props}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          )}
        </Field>
        <Field label="Password" errors={fields.password}>
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          )}
        </Field>
        <FormError error={error} shownFields={['email', 'password']} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {sso && (
        <p>
          <a className="button" href="/api/auth/oidc/login">
            Sign in with single sign-on
          </a>
        </p>
      )}
      <p className="small">
        No account yet? Ask an admin for an invitation link. The first admin is created with{' '}
        <code>npm run cli -- user:create-admin</code>, or with the setup link the embedded mode
        prints on its first start.
      </p>
    </section>
  );
}
