// signin.tsx - the sign-in form: standard labelled email and password fields (autocomplete
// hints, so browsers and password managers fill them), the server's message on failure.
import { useState } from "preact/hooks";
import { ApiError, signIn } from "../api";
import { navigate } from "../router";
import { ErrorBox, toError } from "../ui";

export function SignIn() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  document.title = "Sign in · Vega";
  async function submit(e: Event) {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      await signIn(String(f.get("email")), String(f.get("password")));
      const next = new URLSearchParams(location.search).get("next");
      navigate(next && next.startsWith("/") && !next.startsWith("//") && next !== "/signin" ? next : "/", true);
    } catch (err) {
      setError(toError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <main class="auth" id="main">
      <div class="auth-card">
        <div class="brand big">
          <span class="logo" aria-hidden="true">V</span>
          <span>Vega</span>
        </div>
        <h1>Sign in</h1>
        <p class="muted">Security scanning for the apps you are about to launch.</p>
        <form onSubmit={submit} class="form">
          <label>
            Email
            <input type="email" name="email" autocomplete="username" required autofocus />
          </label>
          <label>
            Password
            <input type="password" name="password" autocomplete="current-password" required />
          </label>
          <ErrorBox error={error} />
          <button type="submit" class="btn primary wide" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
        <p class="muted small">
          <a href="/docs">API reference</a>
        </p>
      </div>
    </main>
  );
}
