import { useState } from 'preact/hooks';
import { api, ApiError, type Session } from '../api.ts';

type Method = 'password' | 'token';

/** A required text field with its label. */
function TextField(props: {
  label: string;
  name: string;
  autoComplete: string;
  value: string;
  onInput: (value: string) => void;
}) {
  return (
    <label>
      {props.label}
      <input
        name={props.name}
        required
        autoComplete={props.autoComplete}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </label>
  );
}

/** Why a sign-in failed, as a sentence for the person at the form (the API's text is for programs). */
function refusal(error: unknown, method: Method, org: string): string {
  if (!(error instanceof ApiError)) return String(error);
  if (error.status === 401)
    return method === 'password'
      ? `Unknown user or wrong password, or this user is not in organisation ${org}.`
      : `This API token does not sign in to organisation ${org}: it is unknown, expired or revoked, or it belongs to another organisation.`;
  if (error.status === 429)
    return 'Too many failed sign-ins from this computer. Wait a minute, then try again.';
  if (error.status === 0) return error.message;
  const text = error.message.replace(/\.?$/, '.');
  return `The server refused to sign you in: ${text}`;
}

/** Sign-in with a user's password or with an API token (issue #7 "Sign-in"). */
export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [method, setMethod] = useState<Method>('password');
  const [org, setOrg] = useState(() => localStorage.getItem('evident.org') ?? 'default');
  const [username, setUsername] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body =
        method === 'password' ? { org, username, password: secret } : { org, token: secret.trim() };
      const session = await api.post<Session>('/api/v1/session', body);
      localStorage.setItem('evident.org', org);
      onSignedIn(session);
    } catch (e) {
      setError(refusal(e, method, org));
      setSecret('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="signin">
      <form class="card signin-card" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
        <h1 id="signin-title">
          <span class="logo" aria-hidden="true">
            E
          </span>{' '}
          Sign in to Evident
        </h1>
        <fieldset class="segmented">
          <legend class="visually-hidden">Sign in with</legend>
          {(['password', 'token'] as const).map((m) => (
            <label key={m} class={method === m ? 'selected' : ''}>
              <input
                type="radio"
                name="method"
                value={m}
                checked={method === m}
                onChange={() => {
                  setMethod(m);
                  setSecret('');
                }}
              />
              {m === 'password' ? 'Password' : 'API token'}
            </label>
          ))}
        </fieldset>
        <TextField label="Organisation" name="org" autoComplete="organization" value={org} onInput={setOrg} />
        {method === 'password' && (
          <TextField
            label="Username"
            name="username"
            autoComplete="username"
            value={username}
            onInput={setUsername}
          />
        )}
        <label>
          {method === 'password' ? 'Password' : 'API token'}
          <input
            name={method === 'password' ? 'password' : 'token'}
            type="password"
            required
            autoComplete={method === 'password' ? 'current-password' : 'off'}
            placeholder={method === 'token' ? 'evd_…' : undefined}
            value={secret}
            onInput={(e) => setSecret(e.currentTarget.value)}
          />
        </label>
        {error !== null && (
          <p class="error-box" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p class="hint">
          {method === 'password'
            ? 'An admin adds people with: evident create user NAME --role reader'
            : 'The admin token of the default organisation is printed on the server’s first start.'}
        </p>
      </form>
    </main>
  );
}
