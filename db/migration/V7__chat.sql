-- Chat: threads, their members, messages, drafts, attachments and who is typing.
create table threads (
    id               bigserial   primary key,
    title            text        not null check (length(title) between 1 and 120),
    owner_id         bigint      not null references users (id),
    created_at       timestamptz not null default now(),
    last_activity_at timestamptz not null default now()
);

create table thread_members (
    thread_id    bigint      not null references threads (id) on delete cascade,
    user_id      bigint      not null references users (id) on delete cascade,
    pinned       boolean     not null default false,
    last_read_id bigint      not null default 0,
    joined_at    timestamptz not null default now(),
    primary key (thread_id, user_id)
);

create table messages (
    id         bigserial   primary key,
    thread_id  bigint      not null references threads (id) on delete cascade,
    author_id  bigint      not null references users (id),
    body       text        not null check (length(body) between 1 and 4000),
    created_at timestamptz not null default now(),
    edited_at  timestamptz,
    deleted_at timestamptz
);

-- What a member has typed and not sent, per thread, on any device.
create table drafts (
    thread_id  bigint      not null references threads (id) on delete cascade,
    user_id    bigint      not null references users (id) on delete cascade,
    body       text        not null check (length(body) <= 4000),
    updated_at timestamptz not null default now(),
    primary key (thread_id, user_id)
);

-- Files up to 10 MB, kept in the database so every node serves them.
create table attachments (
    id           bigserial   primary key,
    thread_id    bigint      not null references threads (id) on delete cascade,
    message_id   bigint      not null references messages (id) on delete cascade,
    filename     text        not null check (length(filename) between 1 and 200),
    content_type text        not null,
    size         integer     not null check (size between 0 and 10485760),
    data         bytea       not null,
    created_at   timestamptz not null default now()
);

/* [jooq ignore start] */
-- Who is typing: ephemeral, so unlogged (lost on a crash, which is fine); every node reads it.
create unlogged table typing (
    thread_id bigint      not null,
    user_id   bigint      not null,
    name      text        not null,
    until     timestamptz not null,
    primary key (thread_id, user_id)
);

create index thread_members_user on thread_members (user_id);
create index messages_thread on messages (thread_id, id);
create index attachments_message on attachments (message_id);
alter table messages add column search tsvector generated always as (to_tsvector('simple', body)) stored;
create index messages_search on messages using gin (search);
create index threads_title_search on threads using gin (to_tsvector('simple', title));

create function messages_publish() returns trigger
language plpgsql as $$
declare
    m messages;
begin
    m := coalesce(new, old);
    if tg_op = 'DELETE' then
        return null;  -- only with the thread, which publishes its own deletion
    end if;
    perform sb_publish('thread:' || m.thread_id,
        case when tg_op = 'INSERT' then 'message.posted'
             when new.deleted_at is not null and old.deleted_at is null then 'message.deleted'
             else 'message.edited' end,
        m.id);
    perform sb_publish('threadsum:' || m.thread_id, 'message', m.id);
    if tg_op = 'INSERT' then
        update threads set last_activity_at = new.created_at where id = new.thread_id;
    end if;
    return null;
end
$$;
create trigger messages_publish after insert or update of body, deleted_at on messages
    for each row execute function messages_publish();

create function threads_publish() returns trigger
language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        perform sb_publish('thread:' || old.id, 'thread.deleted', old.id);
        perform sb_publish('threadsum:' || old.id, 'thread.deleted', old.id);
    elsif old.title <> new.title then
        perform sb_publish('thread:' || new.id, 'thread.renamed', new.id);
        perform sb_publish('threadsum:' || new.id, 'thread.renamed', new.id);
    end if;
    return null;
end
$$;
create trigger threads_publish after update of title or delete on threads
    for each row execute function threads_publish();

create function thread_members_publish() returns trigger
language plpgsql as $$
begin
    perform sb_publish('inbox:' || coalesce(new.user_id, old.user_id), 'membership', coalesce(new.thread_id, old.thread_id));
    if tg_op = 'DELETE' then
        perform sb_publish('account:' || old.user_id, 'access.revoked', old.user_id);
    end if;
    return null;
end
$$;
create trigger thread_members_publish after insert or delete on thread_members
    for each row execute function thread_members_publish();

create function typing_publish() returns trigger
language plpgsql as $$
begin
    perform sb_publish('thread:' || coalesce(new.thread_id, old.thread_id), 'typing', coalesce(new.user_id, old.user_id));
    return null;
end
$$;
create trigger typing_publish after insert or delete on typing
    for each row execute function typing_publish();
/* [jooq ignore stop] */
