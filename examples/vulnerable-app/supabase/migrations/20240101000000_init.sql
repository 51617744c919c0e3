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

create index notes_owner_idx on public.notes (owner_id);
