-- Kiosk accounts sign in by link, never by password.
alter table users alter column password_hash drop not null;

-- A kiosk link logs one screen in as its KIOSK account. Only the SHA-256 of the token is kept:
-- the token is 256 random bits, shown once, so a fast hash is as strong as a slow one here.
create table kiosk_links (
    id           bigserial   primary key,
    user_id      bigint      not null references users (id) on delete cascade,
    token_hash   varchar(64) not null,
    created_by   bigint      references users (id) on delete set null,
    created_at   timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

-- API keys for machines (game servers). Same storage rule as kiosk tokens.
create table api_keys (
    id           bigserial   primary key,
    name         text        not null check (length(name) between 1 and 80),
    prefix       varchar(16) not null,
    secret_hash  varchar(64) not null,
    scope        text        not null check (scope in ('ingest')),
    created_by   bigint      references users (id) on delete set null,
    created_at   timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

/* [jooq ignore start] */
create unique index kiosk_links_token on kiosk_links (token_hash);
create unique index api_keys_secret on api_keys (secret_hash);

-- Every node closes the open streams of an account that is disabled or loses its role: the
-- change travels the same path as every other (change_log, NOTIFY, hub).
create function users_publish_access() returns trigger
language plpgsql as $$
begin
    if (old.disabled_at is null and new.disabled_at is not null) or old.role <> new.role then
        perform sb_publish('account:' || new.id, 'access.revoked', new.id);
    end if;
    return null;
end
$$;

create trigger users_publish_access
    after update of disabled_at, role on users
    for each row execute function users_publish_access();
/* [jooq ignore stop] */
