-- Records: a charity's back office (issue 15). Every record table has a version (bumped by a
-- trigger on every update, whoever writes), soft delete (deleted_at) and a field-level audit
-- trail filled by triggers, so a change made with plain SQL is versioned, audited and pushed
-- to open pages exactly like one made by the app. The app names its account per transaction
-- with set_config('switchboard.account', ...); any other writer is recorded as its role.

create table beneficiaries (
    id             bigserial    primary key,
    version        integer      not null default 1,
    name           varchar(200) not null check (length(name) between 1 and 200),
    national_id    varchar(11)  not null unique,
    phone          varchar(16),
    address        varchar(500),
    household_size integer      not null default 1 check (household_size between 1 and 50),
    status         varchar(10)  not null default 'active' check (status in ('active', 'passive', 'deceased')),
    notes          varchar(4000),
    created_at     timestamptz  not null default now(),
    updated_at     timestamptz  not null default now(),
    deleted_at     timestamptz
);

create table applications (
    id               bigserial     primary key,
    version          integer       not null default 1,
    beneficiary_id   bigint        not null references beneficiaries (id),
    aid_kind         varchar(12)   not null check (aid_kind in ('cash', 'food', 'education', 'health', 'rent', 'other')),
    amount_requested numeric(14, 2) not null check (amount_requested > 0),
    currency         varchar(3)    not null default 'TRY',
    status           varchar(12)   not null default 'submitted' check (status in ('submitted', 'in_review', 'approved', 'rejected', 'paid')),
    handler_id       bigint        references users (id) on delete set null,
    status_by        varchar(200),
    status_at        timestamptz,
    notes            varchar(4000),
    created_at       timestamptz   not null default now(),
    updated_at       timestamptz   not null default now(),
    deleted_at       timestamptz
);

create table donations (
    id               bigserial     primary key,
    version          integer       not null default 1,
    donor_name       varchar(200)  not null check (length(donor_name) between 1 and 200),
    donor_contact    varchar(200),
    amount           numeric(14, 2) not null check (amount > 0),
    currency         varchar(3)    not null check (currency ~ '^[A-Z]{3}$'),
    method           varchar(10)   not null check (method in ('cash', 'card', 'transfer', 'online')),
    status           varchar(10)   not null default 'pledged' check (status in ('pledged', 'received', 'refunded')),
    transaction_date date          not null,
    notes            varchar(4000),
    created_at       timestamptz   not null default now(),
    updated_at       timestamptz   not null default now(),
    deleted_at       timestamptz
);

-- The ledger: rows are only ever inserted (by donations, payments and reversals); a trigger
-- refuses updates and deletes. amount is signed: a reversal carries the negated amount.
create table finance (
    id          bigserial      primary key,
    version     integer        not null default 1,
    entry       varchar(8)     not null check (entry in ('income', 'expense')),
    amount      numeric(14, 2) not null check (amount <> 0),
    currency    varchar(3)     not null,
    source      varchar(12)    not null check (source in ('donation', 'refund', 'application', 'reversal')),
    source_id   bigint,
    reverses_id bigint         references finance (id),
    description varchar(500)   not null,
    booked_at   timestamptz    not null default now(),
    created_at  timestamptz    not null default now(),
    updated_at  timestamptz    not null default now(),
    deleted_at  timestamptz
);

create table tasks (
    id          bigserial    primary key,
    version     integer      not null default 1,
    title       varchar(200) not null check (length(title) between 1 and 200),
    description varchar(4000),
    assignee_id bigint       references users (id) on delete set null,
    due_date    date,
    priority    varchar(8)   not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
    status      varchar(10)  not null default 'open' check (status in ('open', 'doing', 'done', 'cancelled')),
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now(),
    deleted_at  timestamptz
);

create table meetings (
    id           bigserial    primary key,
    version      integer      not null default 1,
    title        varchar(200) not null check (length(title) between 1 and 200),
    starts_at    timestamptz  not null,
    organizer_id bigint       references users (id) on delete set null,
    location     varchar(200),
    notes        varchar(4000),
    created_at   timestamptz  not null default now(),
    updated_at   timestamptz  not null default now(),
    deleted_at   timestamptz
);

create table meeting_attendees (
    meeting_id bigint not null references meetings (id) on delete cascade,
    user_id    bigint not null references users (id) on delete cascade,
    primary key (meeting_id, user_id)
);

create table meeting_decisions (
    id         bigserial     primary key,
    meeting_id bigint        not null references meetings (id) on delete cascade,
    text       varchar(2000) not null check (length(text) between 1 and 2000),
    created_at timestamptz   not null default now()
);

-- An action item becomes a task for its assignee (a trigger makes it).
create table action_items (
    id          bigserial    primary key,
    decision_id bigint       not null references meeting_decisions (id) on delete cascade,
    title       varchar(200) not null check (length(title) between 1 and 200),
    assignee_id bigint       references users (id) on delete set null,
    due_date    date,
    task_id     bigint       references tasks (id) on delete set null,
    created_at  timestamptz  not null default now()
);

-- Field-level history: changes maps each changed column to [before, after].
create table record_audit (
    id        bigserial    primary key,
    kind      varchar(20)  not null,
    record_id bigint       not null,
    op        varchar(10)  not null,
    who       varchar(200) not null,
    who_id    bigint,
    at        timestamptz  not null default now(),
    changes   jsonb        not null
);

create table notifications (
    id         bigserial    primary key,
    user_id    bigint       not null references users (id) on delete cascade,
    text       varchar(300) not null,
    link       varchar(200) not null,
    created_at timestamptz  not null default now(),
    read_at    timestamptz
);

-- "Ada is editing": advisory, refreshed by the open form, dropped when it goes quiet.
create table record_presence (
    kind      varchar(20)  not null,
    record_id bigint       not null,
    user_id   bigint       not null references users (id) on delete cascade,
    name      varchar(200) not null,
    seen_at   timestamptz  not null default now(),
    primary key (kind, record_id, user_id)
);

/* [jooq ignore start] */
-- STAFF joins the roles, keeping whatever roles other migrations added to the check.
do $$
declare
    c_name text;
    c_def  text;
begin
    select conname, pg_get_constraintdef(oid) into c_name, c_def
      from pg_constraint
     where conrelid = 'users'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%role%ARRAY[%';
    if c_def is not null and c_def not like '%''STAFF''%' then
        execute format('alter table users drop constraint %I', c_name);
        execute format('alter table users add constraint %I %s', c_name, replace(c_def, 'ARRAY[', 'ARRAY[''STAFF''::text, '));
    end if;
end
$$;

-- Accent-insensitive search without depending on the unaccent extension (not on every
-- server): Turkish and common Latin diacritics folded, then lower-cased. Immutable, so it can
-- feed a generated column.
create function sb_fold(t text) returns text
language sql immutable parallel safe as $$
    select lower(translate(t, 'ıİşŞğĞüÜöÖçÇâÂîÎûÛéÉèÈáÁàÀ', 'iIsSgGuUoOcCaAiIuUeEeEaAaA'))
$$;

create function sb_tc_kimlik_valid(n text) returns boolean
language plpgsql immutable as $$
declare
    d int[];
    i int;
begin
    if n !~ '^[1-9][0-9]{10}$' then
        return false;
    end if;
    for i in 1..11 loop
        d[i] := substr(n, i, 1)::int;
    end loop;
    return (((d[1] + d[3] + d[5] + d[7] + d[9]) * 7 - (d[2] + d[4] + d[6] + d[8])) % 10 + 10) % 10 = d[10]
       and (d[1] + d[2] + d[3] + d[4] + d[5] + d[6] + d[7] + d[8] + d[9] + d[10]) % 10 = d[11];
end
$$;

alter table beneficiaries add constraint beneficiaries_national_id_valid check (sb_tc_kimlik_valid(national_id));
alter table beneficiaries add constraint beneficiaries_phone_e164 check (phone ~ '^\+[1-9][0-9]{6,14}$');
alter table beneficiaries add column search_text text generated always as (sb_fold(name || ' ' || national_id || ' ' || coalesce(phone, '') || ' ' || coalesce(address, ''))) stored;
alter table applications add column search_text text generated always as (sb_fold(aid_kind || ' ' || status || ' ' || coalesce(notes, ''))) stored;
alter table donations add column search_text text generated always as (sb_fold(donor_name || ' ' || coalesce(donor_contact, '') || ' ' || coalesce(notes, ''))) stored;
alter table finance add column search_text text generated always as (sb_fold(description || ' ' || source)) stored;
alter table tasks add column search_text text generated always as (sb_fold(title || ' ' || coalesce(description, ''))) stored;
alter table meetings add column search_text text generated always as (sb_fold(title || ' ' || coalesce(location, '') || ' ' || coalesce(notes, ''))) stored;

-- Keyset pagination reads (sort column, id) in order among live rows: one index per listed sort.
create index beneficiaries_by_name on beneficiaries (name, id) where deleted_at is null;
create index beneficiaries_by_created on beneficiaries (created_at, id) where deleted_at is null;
create index beneficiaries_by_status on beneficiaries (status, id) where deleted_at is null;
create index applications_by_created on applications (created_at, id) where deleted_at is null;
create index applications_by_status on applications (status, id) where deleted_at is null;
create index applications_by_beneficiary on applications (beneficiary_id);
create index donations_by_date on donations (transaction_date, id) where deleted_at is null;
create index donations_by_amount on donations (amount, id) where deleted_at is null;
create index finance_by_booked on finance (booked_at, id);
create index tasks_by_due on tasks (due_date, id) where deleted_at is null;
create index tasks_by_assignee on tasks (assignee_id, status);
create index meetings_by_start on meetings (starts_at, id) where deleted_at is null;
create index record_audit_record on record_audit (kind, record_id, id);
create index notifications_unread on notifications (user_id, id) where read_at is null;
create index notifications_user on notifications (user_id, id);
create index record_presence_seen on record_presence (seen_at);

-- Trigram indexes make the substring search fast on large tables, where pg_trgm is available.
do $$
begin
    create extension if not exists pg_trgm;
    create index beneficiaries_search on beneficiaries using gin (search_text gin_trgm_ops);
    create index donations_search on donations using gin (search_text gin_trgm_ops);
    create index tasks_search on tasks using gin (search_text gin_trgm_ops);
exception when others then
    raise notice 'pg_trgm unavailable (%): search scans instead', sqlerrm;
end
$$;

create function records_who() returns text
language sql stable as $$
    select coalesce(nullif(current_setting('switchboard.account', true), ''), 'sql:' || current_user)
$$;

create function records_who_id() returns bigint
language sql stable as $$
    select nullif(current_setting('switchboard.account_id', true), '')::bigint
$$;

-- Every update, by any writer, moves the version on: a form saved from an older version is refused.
create function records_version() returns trigger
language plpgsql as $$
begin
    new.version := old.version + 1;
    new.updated_at := now();
    return new;
end
$$;

create function records_audit() returns trigger
language plpgsql as $$
declare
    k      text := tg_argv[0];
    before jsonb;
    after  jsonb;
    diff   jsonb := '{}';
    col    text;
    op     text := lower(tg_op);
    rid    bigint;
begin
    if tg_op <> 'INSERT' then
        before := to_jsonb(old) - 'version' - 'updated_at' - 'search_text';
        rid := old.id;
    end if;
    if tg_op <> 'DELETE' then
        after := to_jsonb(new) - 'version' - 'updated_at' - 'search_text';
        rid := new.id;
    end if;
    for col in select jsonb_object_keys(coalesce(after, before)) loop
        if (before -> col) is distinct from (after -> col) then
            diff := diff || jsonb_build_object(col, jsonb_build_array(before -> col, after -> col));
        end if;
    end loop;
    if tg_op = 'UPDATE' then
        if diff = '{}' then
            return null;
        end if;
        if old.deleted_at is null and new.deleted_at is not null then
            op := 'delete';
        elsif old.deleted_at is not null and new.deleted_at is null then
            op := 'restore';
        end if;
    elsif tg_op = 'DELETE' then
        op := 'purge';
    end if;
    insert into record_audit (kind, record_id, op, who, who_id, changes) values (k, rid, op, records_who(), records_who_id(), diff);
    perform sb_publish('records:' || k, 'record.' || op, rid);
    perform sb_publish('record:' || k || ':' || rid, 'record.' || op, rid);
    return null;
end
$$;

create trigger beneficiaries_version before update on beneficiaries for each row execute function records_version();
create trigger applications_version before update on applications for each row execute function records_version();
create trigger donations_version before update on donations for each row execute function records_version();
create trigger tasks_version before update on tasks for each row execute function records_version();
create trigger meetings_version before update on meetings for each row execute function records_version();
create trigger beneficiaries_audit after insert or update or delete on beneficiaries for each row execute function records_audit('beneficiaries');
create trigger applications_audit after insert or update or delete on applications for each row execute function records_audit('applications');
create trigger donations_audit after insert or update or delete on donations for each row execute function records_audit('donations');
create trigger finance_audit after insert on finance for each row execute function records_audit('finance');
create trigger tasks_audit after insert or update or delete on tasks for each row execute function records_audit('tasks');
create trigger meetings_audit after insert or update or delete on meetings for each row execute function records_audit('meetings');

create function finance_immutable() returns trigger
language plpgsql as $$
begin
    raise exception 'finance records are never edited or deleted: post a reversing entry instead'
        using errcode = 'check_violation';
end
$$;
create trigger finance_immutable before update or delete on finance for each row execute function finance_immutable();

-- The application workflow: submitted → in_review → approved / rejected; approved → paid.
create function applications_workflow() returns trigger
language plpgsql as $$
begin
    if new.status is distinct from old.status then
        if not ((old.status = 'submitted' and new.status in ('in_review', 'rejected'))
             or (old.status = 'in_review' and new.status in ('approved', 'rejected'))
             or (old.status = 'approved' and new.status = 'paid')) then
            raise exception 'an application cannot go from % to %', old.status, new.status using errcode = 'check_violation';
        end if;
        new.status_by := records_who();
        new.status_at := now();
    end if;
    return new;
end
$$;
create trigger applications_workflow before update on applications for each row execute function applications_workflow();

create function applications_effects() returns trigger
language plpgsql as $$
begin
    if new.status is distinct from old.status then
        if new.status = 'paid' then
            insert into finance (entry, amount, currency, source, source_id, description)
            values ('expense', new.amount_requested, new.currency, 'application', new.id, 'Aid paid: application #' || new.id || ' (' || new.aid_kind || ')');
        end if;
        if new.handler_id is not null and new.handler_id is distinct from records_who_id() then
            insert into notifications (user_id, text, link)
            values (new.handler_id, 'Application #' || new.id || ' is now ' || replace(new.status, '_', ' '), '/records/applications/' || new.id);
        end if;
    end if;
    return null;
end
$$;
create trigger applications_effects after update on applications for each row execute function applications_effects();

create function donations_effects() returns trigger
language plpgsql as $$
begin
    if new.status = 'received' and (tg_op = 'INSERT' or old.status <> 'received') then
        insert into finance (entry, amount, currency, source, source_id, description)
        values ('income', new.amount, new.currency, 'donation', new.id, 'Donation #' || new.id || ' from ' || new.donor_name);
    elsif tg_op = 'UPDATE' and old.status = 'received' and new.status = 'refunded' then
        insert into finance (entry, amount, currency, source, source_id, description)
        values ('expense', new.amount, new.currency, 'refund', new.id, 'Refund of donation #' || new.id);
    end if;
    return null;
end
$$;
create trigger donations_effects after insert or update of status on donations for each row execute function donations_effects();

create function tasks_assigned() returns trigger
language plpgsql as $$
begin
    if new.assignee_id is not null and new.assignee_id is distinct from records_who_id()
       and (tg_op = 'INSERT' or new.assignee_id is distinct from old.assignee_id) then
        insert into notifications (user_id, text, link)
        values (new.assignee_id, 'Task assigned to you: ' || left(new.title, 200), '/records/tasks/' || new.id);
    end if;
    return null;
end
$$;
create trigger tasks_assigned after insert or update of assignee_id on tasks for each row execute function tasks_assigned();

create function meetings_changed() returns trigger
language plpgsql as $$
begin
    insert into notifications (user_id, text, link)
    select a.user_id, 'Meeting changed: ' || left(new.title, 200), '/records/meetings/' || new.id
      from meeting_attendees a
     where a.meeting_id = new.id and a.user_id is distinct from records_who_id();
    return null;
end
$$;
create trigger meetings_changed after update on meetings for each row
    when (old.title is distinct from new.title or old.starts_at is distinct from new.starts_at
          or old.location is distinct from new.location or old.deleted_at is distinct from new.deleted_at)
    execute function meetings_changed();

-- Decisions and action items are part of their meeting's page.
create function meeting_parts_publish() returns trigger
language plpgsql as $$
declare
    mid bigint;
begin
    if tg_table_name = 'action_items' then
        select meeting_id into mid from meeting_decisions
         where id = case when tg_op = 'DELETE' then old.decision_id else new.decision_id end;
    elsif tg_op = 'DELETE' then
        mid := old.meeting_id;
    else
        mid := new.meeting_id;
    end if;
    perform sb_publish('record:meetings:' || mid, 'record.parts', mid);
    return null;
end
$$;
create trigger meeting_decisions_publish after insert or update or delete on meeting_decisions for each row execute function meeting_parts_publish();
create trigger action_items_publish after insert or update or delete on action_items for each row execute function meeting_parts_publish();
create trigger meeting_attendees_publish after insert or delete on meeting_attendees for each row execute function meeting_parts_publish();

create function action_items_task() returns trigger
language plpgsql as $$
begin
    insert into tasks (title, description, assignee_id, due_date)
    values (new.title, 'Action item of a meeting decision', new.assignee_id, new.due_date)
    returning id into new.task_id;
    return new;
end
$$;
create trigger action_items_task before insert on action_items for each row execute function action_items_task();

create function notifications_publish() returns trigger
language plpgsql as $$
begin
    perform sb_publish('notifications:' || new.user_id, 'notification', new.id);
    return null;
end
$$;
create trigger notifications_publish after insert or update on notifications for each row execute function notifications_publish();

create function record_presence_publish() returns trigger
language plpgsql as $$
declare
    r record := case when tg_op = 'DELETE' then old else new end;
begin
    perform sb_publish('record:' || r.kind || ':' || r.record_id, 'presence', r.record_id);
    return null;
end
$$;
create trigger record_presence_publish after insert or delete on record_presence for each row execute function record_presence_publish();
/* [jooq ignore stop] */
