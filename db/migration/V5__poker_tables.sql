-- Poker tables reported by game servers through the ingest API (POST /ingest/v1/events).
-- poker_tables and poker_seats hold the current state; poker_events is the accepted event
-- log (the action log and hand history on the pages). Every accepted event bumps the table's
-- version by exactly one, so the log has no gaps per table.
create table poker_tables (
    id           varchar(64) primary key,
    name         text        not null check (length(name) between 1 and 80),
    small_blind  bigint      not null check (small_blind > 0),
    big_blind    bigint      not null check (big_blind >= small_blind),
    max_seats    integer     not null check (max_seats between 2 and 10),
    version      bigint      not null check (version >= 1),
    status       text        not null check (status in ('open', 'closed')),
    hand_no      bigint      not null default 0,
    hand_running boolean     not null default false,
    button_seat  integer,
    turn_seat    integer,
    board        varchar(10) not null default '',
    pot          bigint      not null default 0 check (pot >= 0),
    current_bet  bigint      not null default 0,
    opened_at    timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);

create table poker_seats (
    table_id   varchar(64) not null references poker_tables (id) on delete cascade,
    seat       integer     not null check (seat between 1 and 10),
    player_id  varchar(64) not null,
    name       text        not null check (length(name) between 1 and 40),
    stack      bigint      not null check (stack >= 0),
    in_hand    boolean     not null default false,
    folded     boolean     not null default false,
    all_in     boolean     not null default false,
    acted      boolean     not null default false,
    round_bet  bigint      not null default 0,
    hand_bet   bigint      not null default 0,
    primary key (table_id, seat)
);

create table poker_events (
    id       bigserial   primary key,
    table_id varchar(64) not null references poker_tables (id) on delete cascade,
    version  bigint      not null,
    type     varchar(20) not null,
    hand_no  bigint,
    summary  text        not null,
    at       timestamptz not null default now()
);

-- Idempotency: one row per key a game server used (per API key). body_hash is the SHA-256 of
-- the request (Idempotency-Key) or of the event (eventId); a retry with the same hash is
-- answered 204 and changes nothing, the same key with another body 409.
create table ingest_keys (
    api_key_id bigint       not null references api_keys (id) on delete cascade,
    idem_key   varchar(210) not null,
    body_hash  varchar(64)  not null,
    created_at timestamptz  not null default now(),
    primary key (api_key_id, idem_key)
);

/* [jooq ignore start] */
create unique index poker_events_version on poker_events (table_id, version);
create unique index poker_seats_player on poker_seats (table_id, player_id);
create index poker_events_hands on poker_events (table_id, id) where type = 'hand.ended';
create index ingest_keys_created on ingest_keys (created_at);

create function poker_events_publish() returns trigger
language plpgsql as $$
begin
    perform sb_publish('table:' || new.table_id, new.type, new.id);
    perform sb_publish('tables', new.type, new.id);
    return null;
end
$$;

create trigger poker_events_publish
    after insert on poker_events
    for each row execute function poker_events_publish();
/* [jooq ignore stop] */
