// signin.tsx - the sign-in form: standard labelled email and password fields (autocomplete
// hints, so browsers and password managers fill them), the server's message on failure.
import { useEffect, useState } from "preact/hooks";
import { get, signIn } from "../api";
import { navigate } from "../router";
import { ErrorBox } from "../ui";
import { AuthCard, useSubmit } from "./account";

export function SignIn() {
  const [signup, setSignup] = useState<{ enabled: boolean; mail: boolean } | null>(null);
  useEffect(() => {
    get("/auth/signup").then(setSignup, () => setSignup(null));
  }, []);
  const s = useSubmit(async (f) => {
    await signIn(String(f.get("email")), String(f.get("password")));
    const next = new URLSearchParams(location.search).get("next");
    navigate(next && next.startsWith("/") && !next.startsWith("//") && next !== "/signin" ? next : "/", true);
  });
  return (
    <AuthCard title="Sign in" sub="Security scanning for the apps you are about to launch.">
      <form onSubmit={s.onSubmit} class="form">
        <label>
          Email
          <input type="email" name="email" autocomplete="username" required autofocus />
        </label>
        <label>
          Password
          <input type="password" name="password" autocomplete="current-password" required />
        </label>
        <ErrorBox error={s.error} />
        <button type="submit" class="btn primary wide" disabled={s.busy}>
          {s.busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p class="muted small row between wrap">
        {signup?.mail ? <a href="/forgot-password">Forgot your password?</a> : <span />}
        {signup?.enabled && (
          <span>
            New here? <a href="/signup">Create an account</a>
          </span>
        )}
      </p>
      <p class="muted small">
        <a href="/docs">API reference</a>
      </p>
    </AuthCard>
  );
}
