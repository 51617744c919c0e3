// projects.tsx - the home page: every project with its launch-readiness score and open
// findings, a name filter, and creating a project.
import { useState } from "preact/hooks";
import { api, qs, type Page } from "../api";
import { ago, plural } from "../format";
import { navigate } from "../router";
import { Dialog, Empty, ErrorBox, FormEnd, Load, PageHeader, Pager, Score, SevCounts, useAction, usePages } from "../ui";

export interface ProjectT {
  id: string;
  name: string;
  description: string | null;
  repository_count: number;
  latest_scan_at: string | null;
  launch_readiness_score: number | null;
  open_findings_by_severity: Record<string, number>;
}

export function NewProjectDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { busy, error, run } = useAction();
  async function submit(e: Event) {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    await run(async () => {
      const p = await api("POST", "/projects", { name: String(f.get("name")).trim(), description: String(f.get("description") || "") });
      onClose();
      navigate(`/projects/${p.id}`);
    });
  }
  return (
    <Dialog open={open} title="New project" onClose={onClose}>
      <form class="form" onSubmit={submit}>
        <label>
          Name
          <input name="name" required maxLength={200} placeholder="storefront" />
        </label>
        <label>
          Description <span class="muted">(optional)</span>
          <textarea name="description" maxLength={2000} rows={3} />
        </label>
        <FormEnd error={error} busy={busy} submit="Create project" onCancel={onClose} />
      </form>
    </Dialog>
  );
}

export function Projects() {
  const [q, setQ] = useState("");
  const [creating, setCreating] = useState(false);
  const pages = usePages<ProjectT>("/projects" + qs({ q }), 24);
  return (
    <>
      <PageHeader
        title="Projects"
        sub="Each project groups the repositories of one product. Its score is its weakest repository's."
        actions={
          <button type="button" class="btn primary" onClick={() => setCreating(true)}>
            New project
          </button>
        }
      />
      <div class="toolbar">
        <label class="search">
          <span class="sr-only">Filter projects by name</span>
          <input type="search" placeholder="Filter by name…" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      <Load l={pages}>
        {(d: Page<ProjectT>) =>
          d.items.length === 0 ? (
            q ? (
              <Empty title={`No project matches “${q}”`} />
            ) : (
              <Empty title="No projects yet">
                <p>Create a project, then scan a ZIP of your code or a GitHub repository.</p>
                <button type="button" class="btn primary" onClick={() => setCreating(true)}>
                  Create your first project
                </button>
              </Empty>
            )
          ) : (
            <ul class="cards" aria-busy={pages.loading}>
              {d.items.map((p) => {
                const open = Object.values(p.open_findings_by_severity).reduce((a, b) => a + b, 0);
                return (
                  <li key={p.id} class="card project-card">
                    <div class="card-top">
                      <div>
                        <h2>
                          <a href={`/projects/${p.id}`} class="stretch">
                            {p.name}
                          </a>
                        </h2>
                        <p class="muted small">
                          {plural(p.repository_count, "repository", "repositories")} · last scan {ago(p.latest_scan_at)}
                        </p>
                      </div>
                      <Score value={p.launch_readiness_score} />
                    </div>
                    <SevCounts c={p.open_findings_by_severity} compact />
                    <p class="small">{open === 0 ? <span class="muted">No open findings</span> : <strong>{plural(open, "open finding")}</strong>}</p>
                  </li>
                );
              })}
            </ul>
          )
        }
      </Load>
      <ErrorBox error={pages.data ? pages.error : null} retry={pages.reload} />
      <Pager p={pages} noun="projects" />
      <NewProjectDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
