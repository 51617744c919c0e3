-- Acme Notes schema
create extension if not exists "pgcrypto";

create table public.notes (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references auth.users (id),
  title text not null,
  body text,
  created_at timestamptz not null default now()
);

create table public.invoices (
  id bigserial primary key,
  customer_id uuid not null references auth.users (id),
  amount_cents integer not null,
  paid boolean not null default false
);

alter table public.notes enable row level security;
alter table public.invoices enable row level security;

create policy "owners read notes" on public.notes
  for select to authenticated using (auth.uid() = owner_id);
create policy "owners write notes" on public.notes
  for all to authenticated using (auth.uid() = owner_id) with check (auth.uid() = owner_id);
create policy "customers read invoices" on public.invoices
  for select to authenticated using (auth.uid() = customer_id);

create index notes_owner_idx on public.notes (owner_id);
