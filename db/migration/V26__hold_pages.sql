-- One visitor holding the button in two tabs is one person holding: the hold is keyed by
-- visitor. Letting go in one tab ended it while the other tab still held, and the count fell
-- for up to 3 s, until that tab's next heartbeat. Each hold now keeps the pages holding it
-- (page id -> epoch seconds of its last heartbeat); a release ends the hold only when no other
-- page of that visitor beat within the quiet time.
alter table hold_sessions add column pages jsonb not null default '{}';
