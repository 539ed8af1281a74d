-- "Hold the button": one row per press. A hold is active while ended_at is null;
-- heartbeats move last_beat_at, and the cleanup job ends holds whose browser went quiet.
create table hold_sessions (
    id           bigserial   primary key,
    channel      text        not null check (channel ~ '^[a-z0-9-]{1,40}$'),
    holder       text        not null check (length(holder) between 1 and 100),
    started_at   timestamptz not null default now(),
    last_beat_at timestamptz not null default now(),
    ended_at     timestamptz
);

/* [jooq ignore start] */
-- At most one active hold per holder and channel: a second press is a heartbeat.
create unique index hold_sessions_active on hold_sessions (channel, holder) where ended_at is null;
create index hold_sessions_beat on hold_sessions (last_beat_at) where ended_at is null;

-- Only a press or a release changes the count; heartbeats publish nothing.
create function hold_sessions_publish() returns trigger
language plpgsql as $$
begin
    if tg_op = 'UPDATE' and old.ended_at is not distinct from new.ended_at then
        return null;
    end if;
    if tg_op = 'DELETE' then
        if old.ended_at is null then
            perform sb_publish('presence:' || old.channel, 'hold.deleted', old.id);
        end if;
        return null;
    end if;
    perform sb_publish('presence:' || new.channel,
                       case when new.ended_at is null then 'hold.started' else 'hold.ended' end,
                       new.id);
    return null;
end
$$;

create trigger hold_sessions_publish
    after insert or update of ended_at or delete on hold_sessions
    for each row execute function hold_sessions_publish();
/* [jooq ignore stop] */
