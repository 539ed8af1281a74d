-- Sessions name their account, so that a password change, a role change or a disabled account
-- can end every session of that account (on every node: the rows are the sessions).
alter table sessions add column user_id bigint references users (id) on delete cascade;

-- The key that signs anonymous visitors' CSRF tokens: one per cluster, made by the first node
-- that starts, so every node accepts a token any node issued without storing a session.
create table signing_keys (
    name  varchar(40) primary key,
    value bytea       not null check (length(value) >= 32)
);

-- An ingest key may be limited to named tables or table prefixes ("lobby-1, tourney-*").
alter table api_keys add column tables text check (tables is null or length(tables) between 1 and 400);

/* [jooq ignore start] */
create index sessions_user on sessions (user_id) where user_id is not null;

-- A password change closes the account's open streams too, like a disable or a role change.
create or replace function users_publish_access() returns trigger
language plpgsql as $$
begin
    if (old.disabled_at is null and new.disabled_at is not null) or old.role <> new.role
            or old.password_hash is distinct from new.password_hash then
        perform sb_publish('account:' || new.id, 'access.revoked', new.id);
    end if;
    return null;
end
$$;

drop trigger users_publish_access on users;
create trigger users_publish_access
    after update of disabled_at, role, password_hash on users
    for each row execute function users_publish_access();
/* [jooq ignore stop] */
