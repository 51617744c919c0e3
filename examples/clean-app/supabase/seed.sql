insert into public.notes (owner_id, title, body)
values ('00000000-0000-0000-0000-000000000001', 'Welcome', 'Your first note');
