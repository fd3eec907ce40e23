import { useId, useState, type FormEvent } from "react";

/** The sign-in form: paste an API token. */
export function SignIn({ problem, onToken }: { problem?: string | undefined; onToken(token: string): void }) {
  const [token, setToken] = useState("");
  const [missing, setMissing] = useState(false);
  const inputId = useId();
  const errorId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim() === "") {
      setMissing(true);
      return;
    }
    onToken(token.trim());
  };
  const message = missing ? "Paste your API token." : problem;
  return (
    <main className="page narrow" id="main">
      <h1>Sign in to Courseforge</h1>
      <p>
        Paste the API token you were given (it starts with <code>cf_</code>). On a fresh install, open the link that{" "}
        <code>npm start</code> printed: it signs the first admin in.
      </p>
      <form onSubmit={submit} noValidate className="card stack">
        <label htmlFor={inputId}>API token</label>
        <input
          id={inputId}
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(event) => setToken(event.target.value)}
          aria-invalid={message !== undefined}
          aria-describedby={message !== undefined ? errorId : undefined}
          autoFocus
        />
        {message !== undefined && (
          <p id={errorId} className="field-error" role="alert">
            {message}
          </p>
        )}
        <button type="submit" className="primary">
          Sign in
        </button>
      </form>
    </main>
  );
}
