-- Shared notes and comments
create table public.comments (
  id bigserial primary key,
  note_id uuid not null references public.notes (id) on delete cascade,
  author_id uuid not null references auth.users (id),
  body text not null
);

alter table public.comments enable row level security;

create policy "comments are public" on public.comments
  for select using (true);

create policy "anyone can edit comments" on public.comments
  for update using (true);
