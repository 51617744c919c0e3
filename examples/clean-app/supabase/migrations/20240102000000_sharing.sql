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

create policy "authors edit their comments" on public.comments
  for update to authenticated
  using (auth.uid() = author_id) with check (auth.uid() = author_id);
