-- People who sign in. Usernames are lower-case; passwords are Argon2id hashes (password4j).
create table users (
    id            bigserial   primary key,
    username      text        not null check (username ~ '^[a-z0-9._-]{3,40}$'),
    display_name  text        not null check (length(display_name) between 1 and 80),
    password_hash text        not null,
    role          text        not null check (role in ('ADMIN', 'MEMBER', 'KIOSK')),
    disabled_at   timestamptz,
    created_at    timestamptz not null default now()
);

-- Server-side sessions, shared by every node: the browser holds only the random id.
-- data is pac4j's serialized session map.
create table sessions (
    id         varchar(64) primary key,
    data       bytea       not null,
    expires_at timestamptz not null
);

/* [jooq ignore start] */
create unique index users_username on users (username);
create index sessions_expires on sessions (expires_at);
/* [jooq ignore stop] */
