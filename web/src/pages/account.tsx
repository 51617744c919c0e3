// account.tsx - the pages around an account that need no session: sign-up (when the server
// allows it), the mailed email-verification link, "forgot password" and the mailed reset
// link; and the banner asking a signed-in user to verify their email.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, currentUser, refreshMe } from "../api";
import { ErrorBox, Loading, toError } from "../ui";

export function AuthCard({ title, sub, children }: { title: string; sub?: string; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · Vega`;
  }, [title]);
  return (
    <main class="auth" id="main">
      <div class="auth-card">
        <div class="brand big">
          <span class="logo" aria-hidden="true">V</span>
          <span>Vega</span>
        </div>
        <h1>{title}</h1>
        {sub && <p class="muted">{sub}</p>}
        {children}
      </div>
    </main>
  );
}

export function useSubmit(fn: (f: FormData) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<any>(null);
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await fn(new FormData(e.target as HTMLFormElement));
    } catch (err) {
      setError(toError(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, onSubmit };
}

export function SignUp() {
  const [sent, setSent] = useState<string | null>(null);
  const s = useSubmit(async (f) => {
    const r = await api("POST", "/auth/signup", { email: String(f.get("email")), password: String(f.get("password")) });
    setSent(r.email);
  });
  if (sent)
    return (
      <AuthCard title="Check your email" sub={`We sent a verification link to ${sent}. Open it to finish creating your account.`}>
        <p class="muted small">
          Nothing after a few minutes? Check your spam folder, or <a href="/signup">sign up again</a>.
        </p>
        <a class="btn primary wide" href="/signin">
          Go to sign in
        </a>
      </AuthCard>
    );
  return (
    <AuthCard title="Create your account" sub="Scan your app before you launch it.">
      <form class="form" onSubmit={s.onSubmit}>
        <label>
          Email
          <input type="email" name="email" autocomplete="email" required autofocus />
        </label>
        <label>
          Password <span class="muted">(at least 8 characters)</span>
          <input type="password" name="password" autocomplete="new-password" minLength={8} required />
        </label>
        <ErrorBox error={s.error} />
        <button type="submit" class="btn primary wide" disabled={s.busy}>
          {s.busy ? "Creating…" : "Create account"}
        </button>
      </form>
      <p class="muted small">
        Already have an account? <a href="/signin">Sign in</a>
      </p>
    </AuthCard>
  );
}

export function VerifyEmail() {
  const token = new URLSearchParams(location.search).get("token") ?? "";
  const [state, setState] = useState<"busy" | "done" | any>("busy");
  useEffect(() => {
    api("POST", "/auth/verify-email", { token })
      .then(() => {
        setState("done");
        refreshMe();
      })
      .catch((e) => setState(toError(e)));
  }, []);
  return (
    <AuthCard title="Verify your email">
      {state === "busy" ? (
        <Loading label="Checking your link…" />
      ) : state === "done" ? (
        <>
          <p role="status">Your email is verified. You can create API keys and scans.</p>
          <a class="btn primary wide" href="/">
            Continue
          </a>
        </>
      ) : (
        <>
          <ErrorBox error={state} />
          <a class="btn wide" href="/signin">
            Sign in to ask for a new link
          </a>
        </>
      )}
    </AuthCard>
  );
}

export function ForgotPassword() {
  const [sent, setSent] = useState(false);
  const s = useSubmit(async (f) => {
    await api("POST", "/auth/password-reset", { email: String(f.get("email")) });
    setSent(true);
  });
  return (
    <AuthCard title="Reset your password" sub={sent ? undefined : "We mail you a link to choose a new password."}>
      {sent ? (
        <>
          <p role="status">If an account uses that address, a reset link is on its way. It works once, for one hour.</p>
          <a class="btn wide" href="/signin">
            Back to sign in
          </a>
        </>
      ) : (
        <form class="form" onSubmit={s.onSubmit}>
          <label>
            Email
            <input type="email" name="email" autocomplete="email" required autofocus />
          </label>
          <ErrorBox error={s.error} />
          <button type="submit" class="btn primary wide" disabled={s.busy}>
            Send the link
          </button>
          <p class="muted small">
            <a href="/signin">Back to sign in</a>
          </p>
        </form>
      )}
    </AuthCard>
  );
}

export function ResetPassword() {
  const token = new URLSearchParams(location.search).get("token") ?? "";
  const [done, setDone] = useState(false);
  const s = useSubmit(async (f) => {
    await api("POST", "/auth/password-reset/confirm", { token, password: String(f.get("password")) });
    setDone(true);
  });
  return (
    <AuthCard title="Choose a new password">
      {done ? (
        <>
          <p role="status">Your password is changed and every session of your account has ended.</p>
          <a class="btn primary wide" href="/signin">
            Sign in
          </a>
        </>
      ) : (
        <form class="form" onSubmit={s.onSubmit}>
          <input type="email" name="username" autocomplete="username" hidden aria-hidden="true" tabIndex={-1} />
          <label>
            New password <span class="muted">(at least 8 characters)</span>
            <input type="password" name="password" autocomplete="new-password" minLength={8} required autofocus />
          </label>
          <ErrorBox error={s.error} />
          <button type="submit" class="btn primary wide" disabled={s.busy}>
            Set password
          </button>
        </form>
      )}
    </AuthCard>
  );
}

export function VerifyBanner() {
  const me = currentUser();
  const [state, setState] = useState<"idle" | "sent" | any>("idle");
  if (!me || me.email_verified) return null;
  return (
    <div class="banner" role="region" aria-label="Email verification">
      <span>
        Verify <strong>{me.email}</strong> to create API keys and scans: open the link we mailed you.
      </span>
      {state === "sent" ? (
        <span role="status">A new link is on its way.</span>
      ) : (
        <button
          type="button"
          class="btn small"
          onClick={() =>
            api("POST", "/auth/verify-email/resend")
              .then(() => setState("sent"))
              .catch((e) => setState(toError(e)))
          }
        >
          Send the link again
        </button>
      )}
      {state !== "idle" && state !== "sent" && <ErrorBox error={state} />}
    </div>
  );
}
