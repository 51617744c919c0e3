// newscan.tsx - starting a scan: pick a repository, then drop a ZIP (uploaded straight to
// the signed URL with a progress bar), scan a GitHub repository, or push with git to a
// temporary remote; then follow the scan's status live until its results open.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, api, get, upload } from "../api";
import { bytes, label } from "../format";
import { navigate, setQuery, useLocation } from "../router";
import { CopyButton, Empty, ErrorBox, Load, PageHeader, Status, toError, useApi } from "../ui";

const STEPS = ["uploading", "queued", "extracting", "scanning", "complete"];

function Progress({ step, sent, total, error }: { step: string; sent?: number; total?: number; error?: string | null }) {
  const idx = STEPS.indexOf(step);
  return (
    <div class="progress-box" aria-live="polite">
      <ol class="steps">
        {STEPS.map((s, i) => (
          <li key={s} class={i < idx || step === "complete" ? "done" : i === idx ? "now" : ""} aria-current={i === idx ? "step" : undefined}>
            {label(s)}
          </li>
        ))}
      </ol>
      {step === "uploading" && total ? (
        <>
          <progress max={total} value={sent} aria-label="Upload progress" />
          <p class="muted small">
            {bytes(sent)} of {bytes(total)} uploaded
          </p>
        </>
      ) : step !== "failed" && step !== "complete" ? (
        <progress aria-label="Scan progress" />
      ) : null}
      {step === "failed" && (
        <div class="alert error" role="alert">
          <strong>The scan failed</strong>
          <span>{error}</span>
        </div>
      )}
    </div>
  );
}

// Follow a started scan until it completes, then open its results.
function useFollow(scanId: string | null, onStep: (s: string, err?: string | null) => void) {
  useEffect(() => {
    if (!scanId) return;
    let live = true;
    let t: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        const s = await get(`/scans/${scanId}`);
        if (!live) return;
        onStep(s.status, s.error_message);
        if (s.status === "complete") return void setTimeout(() => live && navigate(`/scans/${scanId}`), 600);
        if (s.status === "failed") return;
      } catch {
        /* a blip: keep polling */
      }
      t = setTimeout(tick, 800);
    };
    tick();
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [scanId]);
}

function ZipScan({ repo }: { repo: string }) {
  const [file, setFile] = useState<File | null>(null);
  const [over, setOver] = useState(false);
  const [step, setStep] = useState<string | null>(null);
  const [sent, setSent] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);
  const [scanError, setScanError] = useState<string | null>(null);
  const [scanId, setScanId] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useFollow(scanId, (s, err) => {
    setStep(s);
    setScanError(err ?? null);
  });
  function pick(f: File | undefined | null) {
    setError(null);
    if (!f) return;
    if (!/\.zip$/i.test(f.name) && f.type !== "application/zip" && f.type !== "application/x-zip-compressed") {
      setError(new ApiError(0, "client", `${f.name} is not a ZIP archive. Compress your project folder as .zip and drop it here.`));
      return;
    }
    setFile(f);
  }
  async function start() {
    if (!file) return;
    setError(null);
    try {
      setStep("uploading");
      const created = await api("POST", `/repositories/${repo}/scans`);
      await upload(created.upload_url, file, (s) => setSent(s));
      await api("POST", `/scans/${created.scan_id}/start`);
      setStep("queued");
      setScanId(created.scan_id);
    } catch (e) {
      setStep(null);
      setError(toError(e));
    }
  }
  if (step) return <Progress step={step} sent={sent} total={file?.size} error={scanError} />;
  return (
    <div class="stack">
      <label
        class={`drop ${over ? "over" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          pick(e.dataTransfer?.files?.[0]);
        }}
      >
        <input ref={input} type="file" accept=".zip,application/zip" class="sr-only" onChange={(e) => pick((e.target as HTMLInputElement).files?.[0])} />
        <span class="drop-icon" aria-hidden="true">⇪</span>
        {file ? (
          <span>
            <strong>{file.name}</strong> · {bytes(file.size)}
          </span>
        ) : (
          <span>
            <strong>Drop a ZIP of your code here</strong> or press to choose a file
          </span>
        )}
        <span class="muted small">node_modules, build output and VCS folders are skipped. The archive is deleted once the scan is done.</span>
      </label>
      <ErrorBox error={error} />
      <div class="row end">
        <button type="button" class="btn primary" disabled={!file} onClick={start}>
          Upload and scan
        </button>
      </div>
    </div>
  );
}

function GithubScan({ repo, fullName }: { repo: string; fullName: string }) {
  const [step, setStep] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [scanError, setScanError] = useState<string | null>(null);
  const [scanId, setScanId] = useState<string | null>(null);
  useFollow(scanId, (s, err) => {
    setStep(s);
    setScanError(err ?? null);
  });
  if (step) return <Progress step={step} error={scanError} />;
  return (
    <div class="stack">
      <p>
        Vega fetches <strong>{fullName}</strong> through its GitHub App installation and scans the default branch.
      </p>
      <ErrorBox error={error} />
      <div class="row end">
        <button
          type="button"
          class="btn primary"
          onClick={async () => {
            setError(null);
            try {
              const created = await api("POST", `/repositories/${repo}/scans`);
              await api("POST", `/scans/${created.scan_id}/start`);
              setStep("queued");
              setScanId(created.scan_id);
            } catch (e) {
              setError(toError(e));
            }
          }}
        >
          Scan {fullName}
        </button>
      </div>
    </div>
  );
}

// A temporary git remote (POST /v1/git-uploads): the push command to copy, then the page
// waits for the push and follows the scan it queues.
function GitPush({ repo }: { repo: string }) {
  const [upload, setUpload] = useState<any>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [scanStep, setScanStep] = useState<string | null>(null);
  const [scanError, setScanError] = useState<string | null>(null);
  const scanId = upload?.scan_id ?? null;
  useFollow(scanId, (s, err) => {
    setScanStep(s);
    setScanError(err ?? null);
  });
  useEffect(() => {
    if (!upload || upload.scan_id || ["expired", "revoked", "failed"].includes(upload.status)) return;
    const t = setTimeout(async () => {
      try {
        setUpload({ ...(await get(`/git-uploads/${upload.id}`)), remote_url: upload.remote_url });
      } catch (e) {
        setError(toError(e));
      }
    }, 1500);
    return () => clearTimeout(t);
  }, [upload]);
  if (!upload)
    return (
      <div class="stack">
        <p>Vega makes a temporary remote that accepts one push for an hour, then scans the pushed commits and their history.</p>
        <ErrorBox error={error} />
        <div class="row end">
          <button
            type="button"
            class="btn primary"
            onClick={async () => {
              setError(null);
              try {
                setUpload(await api("POST", "/git-uploads", { repository_id: repo }));
              } catch (e) {
                setError(toError(e));
              }
            }}
          >
            Create a push remote
          </button>
        </div>
      </div>
    );
  const cmd = `git push ${upload.remote_url} HEAD:refs/heads/main`;
  return (
    <div class="stack">
      <p>Run this in your repository. The address holds a credential and is shown only now.</p>
      <div class="command">
        <code>{cmd}</code>
        <CopyButton text={cmd} label="Copy command" />
      </div>
      {scanStep ? (
        <Progress step={scanStep} error={scanError} />
      ) : (
        <p class="waiting" aria-live="polite">
          <span class="spinner" aria-hidden="true" /> Waiting for the push… <Status s={upload.status} />
        </p>
      )}
      <ErrorBox error={error} />
    </div>
  );
}

function PickRepository() {
  const l = useApi<any>("/repositories?limit=200");
  const projects = useApi<any>("/projects?limit=200");
  return (
    <Load l={l}>
      {(d) =>
        d.items.length === 0 ? (
          <Empty title="No repositories yet">
            <p>Create a project and add a repository to it first.</p>
            <a class="btn primary" href="/">
              Go to projects
            </a>
          </Empty>
        ) : (
          <form
            class="form narrow"
            onSubmit={(e) => {
              e.preventDefault();
              setQuery({ repository: String(new FormData(e.target as HTMLFormElement).get("repository")) });
            }}
          >
            <label>
              Repository
              <select name="repository" required>
                {d.items.map((r: any) => (
                  <option key={r.id} value={r.id}>
                    {(projects.data?.items.find((p: any) => p.id === r.project_id)?.name ?? "…") + " / " + r.name} ({label(r.source_type)})
                  </option>
                ))}
              </select>
            </label>
            <div class="row end">
              <button type="submit" class="btn primary">
                Continue
              </button>
            </div>
          </form>
        )
      }
    </Load>
  );
}

export function NewScan() {
  const { query } = useLocation();
  const id = query.get("repository");
  const repo = useApi<any>(id ? `/repositories/${id}` : null);
  const r = repo.data;
  return (
    <>
      <PageHeader title="New scan" sub={r ? `${r.name} · ${r.source_type === "zip" ? "ZIP upload" : r.source_type === "github" ? "GitHub" : "git push"}` : "Choose what to scan."} crumbs={r ? [["Projects", "/"], [r.name, `/repositories/${r.id}`]] : [["Projects", "/"]]} />
      <section class="panel">
        {!id ? (
          <PickRepository />
        ) : (
          <Load l={repo}>{(rr) => (rr.source_type === "github" ? <GithubScan repo={rr.id} fullName={rr.github_repo_full_name} /> : rr.source_type === "git" ? <GitPush repo={rr.id} /> : <ZipScan repo={rr.id} />)}</Load>
        )}
      </section>
    </>
  );
}
