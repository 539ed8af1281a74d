-- KPI rollups (issue 14: "tile updates must cost the same with [a million historic wagers] as
-- without"). A tile used to sum a day of wager_minutes rows per currency (revenue today and at
-- this time yesterday, the stocks' changes over 24 hours) and read one customer_minutes row per
-- active customer per minute (active players and its sparkline, now and a day ago): with a day
-- of history that was 2.7 times the cost of a fresh book. Now a tile reads a number of rows set
-- by the clock, never by the history:
--
-- * wager_hours: the same flows as wager_minutes, per hour (UTC). "Today" is at most 24 hour
--   rows; "since this time yesterday" is the rest of yesterday's hour in minutes (at most 60
--   rows) plus the later hours' rows. Kept by wager_bucket next to the minute row.
--
-- * active_minutes / active_hours: "active players at minute m" (distinct customers with a wager
--   placed in the 15 minutes ending with m) kept as a difference array: change(k) is
--   active(k) - active(k - 1), so active(m) = -(sum of change(k) for every k > m): every
--   customer's window closes at most 15 minutes after its last wager, so the changes of all
--   minutes add up to 0. Reading active now and its last-hour sparkline takes the minutes after
--   an hour ago (75 rows); active a day ago takes the rest of that hour in minutes and the later
--   hours. Exact, not an estimate: a wager in minute t adds t..t+14 to its customer's covered
--   minutes; only the part not covered yet changes the count, and that part is one interval
--   [a, b], found from the customer's nearest other minutes within 14 minutes either side
--   (customer_minutes, by the index below): change(a) + 1, change(b + 1) - 1. Two wagers of one
--   customer never compute this at once: the trigger takes the customer's row lock first (the
--   ingest API already holds it, WagerStore.lockCustomers), and in READ COMMITTED each later
--   statement sees what the other committed. Order does not matter (a late or historic wager
--   fills its interval the same way).
--
-- Every table here is striped by the writer's backend pid like V17's buckets (two wager
-- transactions never write the same row) and folded into stripe 0 by wager_fold.

create table wager_hours (
    scope         varchar(50)    not null,
    currency      varchar(3)     not null,
    hour          timestamptz    not null,
    stripe        integer        not null default 0,
    revenue       numeric(22, 2) not null default 0,
    placed        integer        not null default 0,
    pending_count integer        not null default 0,
    pending_stake numeric(22, 2) not null default 0,
    liability     numeric(22, 2) not null default 0,
    primary key (scope, currency, hour, stripe)
);

create table active_minutes (
    scope  varchar(50) not null,
    minute timestamptz not null,
    stripe integer     not null default 0,
    change integer     not null default 0,
    primary key (scope, minute, stripe)
);

create table active_hours (
    scope  varchar(50) not null,
    hour   timestamptz not null,
    stripe integer     not null default 0,
    change integer     not null default 0,
    primary key (scope, hour, stripe)
);

/* [jooq ignore start] */
-- A customer's nearest minutes either side of a new one: a probe of at most 29 entries.
create index customer_minutes_customer on customer_minutes (scope, customer_id, minute);
-- The fold looks for stripe rows: without these it read every minute bucket ever kept, every 5 s.
create index wager_minutes_striped on wager_minutes (minute) where stripe <> 0;
create index wager_hours_striped on wager_hours (hour) where stripe <> 0;
create index active_minutes_striped on active_minutes (minute) where stripe <> 0;

create or replace function wager_bucket(p_scope text, p_currency text, p_minute timestamptz, p_revenue numeric, p_placed integer,
                                        p_count integer, p_stake numeric, p_liability numeric) returns void
language sql as $$
    insert into wager_minutes (scope, currency, minute, stripe, revenue, placed, pending_count, pending_stake, liability)
        values (p_scope, p_currency, p_minute, pg_backend_pid(), p_revenue, p_placed, p_count, p_stake, p_liability)
        on conflict (scope, currency, minute, stripe) do update set
            revenue = wager_minutes.revenue + excluded.revenue,
            placed = wager_minutes.placed + excluded.placed,
            pending_count = wager_minutes.pending_count + excluded.pending_count,
            pending_stake = wager_minutes.pending_stake + excluded.pending_stake,
            liability = wager_minutes.liability + excluded.liability;
    insert into wager_hours (scope, currency, hour, stripe, revenue, placed, pending_count, pending_stake, liability)
        values (p_scope, p_currency, date_trunc('hour', p_minute, 'UTC'), pg_backend_pid(), p_revenue, p_placed, p_count, p_stake, p_liability)
        on conflict (scope, currency, hour, stripe) do update set
            revenue = wager_hours.revenue + excluded.revenue,
            placed = wager_hours.placed + excluded.placed,
            pending_count = wager_hours.pending_count + excluded.pending_count,
            pending_stake = wager_hours.pending_stake + excluded.pending_stake,
            liability = wager_hours.liability + excluded.liability;
    insert into wager_totals (scope, currency, stripe, pending_count, pending_stake, liability)
        values (p_scope, p_currency, pg_backend_pid(), p_count, p_stake, p_liability)
        on conflict (scope, currency, stripe) do update set
            pending_count = wager_totals.pending_count + excluded.pending_count,
            pending_stake = wager_totals.pending_stake + excluded.pending_stake,
            liability = wager_totals.liability + excluded.liability;
$$;

-- Adds p_change to the active-players difference array at p_minute (and its hour), in this session's stripe.
create function active_change(p_scope text, p_minute timestamptz, p_change integer, p_hour boolean) returns void
language plpgsql as $$
begin
    insert into active_minutes (scope, minute, stripe, change) values (p_scope, p_minute, pg_backend_pid(), p_change)
        on conflict (scope, minute, stripe) do update set change = active_minutes.change + excluded.change;
    if p_hour then
        insert into active_hours (scope, hour, stripe, change) values (p_scope, date_trunc('hour', p_minute, 'UTC'), pg_backend_pid(), p_change)
            on conflict (scope, hour, stripe) do update set change = active_hours.change + excluded.change;
    end if;
end
$$;

-- A customer's first wager in a minute of a scope (a new customer_minutes row) counts it as active
-- in the minutes of minute .. minute + 14 that none of its other minutes covers yet: one interval,
-- between its nearest other minutes within 14 minutes either side. The customer's row lock comes
-- first so two wagers of one customer never compute this at once (see the top of this file).
create function customer_minutes_active() returns trigger
language plpgsql as $$
declare
    before_m timestamptz;
    after_m  timestamptz;
    first_m  timestamptz;
    end_m    timestamptz;
    by_hour  boolean;
begin
    perform 1 from customers where id = new.customer_id for no key update;
    select max(minute) filter (where minute < new.minute), min(minute) filter (where minute > new.minute) into before_m, after_m
        from customer_minutes
        where scope = new.scope and customer_id = new.customer_id
          and minute between new.minute - interval '14 minutes' and new.minute + interval '14 minutes';
    first_m := greatest(new.minute, before_m + interval '15 minutes');
    end_m := least(new.minute + interval '15 minutes', after_m);
    if first_m < end_m then
        -- Both ends in one hour leave the hour's sum unchanged: no hour rows to write.
        by_hour := date_trunc('hour', first_m, 'UTC') <> date_trunc('hour', end_m, 'UTC');
        perform active_change(new.scope, first_m, 1, by_hour);
        perform active_change(new.scope, end_m, -1, by_hour);
    end if;
    return null;
end
$$;
create trigger customer_minutes_active after insert on customer_minutes for each row execute function customer_minutes_active();

-- The rollups rebuilt from the minute buckets and customer minutes: V19's backfill, and for
-- loads that write those tables set-based with triggers off (the bench's history). Not for a
-- live book: a wager committed during the rebuild may be counted twice or not at all.
create function kpi_rollups_rebuild() returns void
language plpgsql as $$
begin
    delete from wager_hours;
    insert into wager_hours (scope, currency, hour, stripe, revenue, placed, pending_count, pending_stake, liability)
        select scope, currency, date_trunc('hour', minute, 'UTC'), 0, sum(revenue), sum(placed), sum(pending_count), sum(pending_stake), sum(liability)
        from wager_minutes
        group by 1, 2, 3;
    delete from active_minutes;
    delete from active_hours;
    -- In minute order, each customer minute covers itself .. + 14, from where the previous one's cover ends.
    create temp table active_rebuilt as
        with seen as (
            select scope, minute, lag(minute) over (partition by scope, customer_id order by minute) as before_m
            from customer_minutes
        )
        select scope, minute, sum(change)::integer as change
        from (select scope, greatest(minute, before_m + interval '15 minutes') as minute, 1 as change from seen
              union all
              select scope, minute + interval '15 minutes', -1 from seen) c
        group by 1, 2;
    insert into active_minutes (scope, minute, stripe, change)
        select scope, minute, 0, change from active_rebuilt where change <> 0;
    insert into active_hours (scope, hour, stripe, change)
        select scope, date_trunc('hour', minute, 'UTC'), 0, sum(change) from active_rebuilt group by 1, 2 having sum(change) <> 0;
    drop table active_rebuilt;
end
$$;
select kpi_rollups_rebuild();

-- As in V17, plus the rollups of wager_hours and the active-players difference array, which
-- the fold moves into stripe 0 the same way: the hours at once (like the stocks, so a reader
-- sums about one row per hour), the active minutes once they are over.
create or replace function wager_fold(p_before timestamptz, p_limit integer) returns bigint
language plpgsql as $$
declare
    minutes bigint;
    hours   bigint;
    totals  bigint;
    active  bigint;
    active_h bigint;
begin
    with taken as (
        select scope, currency, minute, stripe
        from wager_minutes
        where stripe <> 0 and minute < p_before
        limit p_limit
        for update skip locked
    ), gone as (
        delete from wager_minutes m
        using taken t
        where m.scope = t.scope and m.currency = t.currency and m.minute = t.minute and m.stripe = t.stripe
        returning m.*
    )
    insert into wager_minutes (scope, currency, minute, stripe, revenue, placed, pending_count, pending_stake, liability)
    select scope, currency, minute, 0, sum(revenue), sum(placed), sum(pending_count), sum(pending_stake), sum(liability)
    from gone
    group by scope, currency, minute
    on conflict (scope, currency, minute, stripe) do update set
        revenue = wager_minutes.revenue + excluded.revenue,
        placed = wager_minutes.placed + excluded.placed,
        pending_count = wager_minutes.pending_count + excluded.pending_count,
        pending_stake = wager_minutes.pending_stake + excluded.pending_stake,
        liability = wager_minutes.liability + excluded.liability;
    get diagnostics minutes = row_count;
    with taken as (
        select scope, currency, hour, stripe
        from wager_hours
        where stripe <> 0
        limit p_limit
        for update skip locked
    ), gone as (
        delete from wager_hours h
        using taken t
        where h.scope = t.scope and h.currency = t.currency and h.hour = t.hour and h.stripe = t.stripe
        returning h.*
    )
    insert into wager_hours (scope, currency, hour, stripe, revenue, placed, pending_count, pending_stake, liability)
    select scope, currency, hour, 0, sum(revenue), sum(placed), sum(pending_count), sum(pending_stake), sum(liability)
    from gone
    group by scope, currency, hour
    on conflict (scope, currency, hour, stripe) do update set
        revenue = wager_hours.revenue + excluded.revenue,
        placed = wager_hours.placed + excluded.placed,
        pending_count = wager_hours.pending_count + excluded.pending_count,
        pending_stake = wager_hours.pending_stake + excluded.pending_stake,
        liability = wager_hours.liability + excluded.liability;
    get diagnostics hours = row_count;
    with taken as (
        select scope, currency, stripe
        from wager_totals
        where stripe <> 0
        limit p_limit
        for update skip locked
    ), gone as (
        delete from wager_totals w
        using taken t
        where w.scope = t.scope and w.currency = t.currency and w.stripe = t.stripe
        returning w.*
    )
    insert into wager_totals (scope, currency, stripe, pending_count, pending_stake, liability)
    select scope, currency, 0, sum(pending_count), sum(pending_stake), sum(liability)
    from gone
    group by scope, currency
    on conflict (scope, currency, stripe) do update set
        pending_count = wager_totals.pending_count + excluded.pending_count,
        pending_stake = wager_totals.pending_stake + excluded.pending_stake,
        liability = wager_totals.liability + excluded.liability;
    get diagnostics totals = row_count;
    with taken as (
        select scope, minute, stripe
        from active_minutes
        where stripe <> 0 and minute < p_before
        limit p_limit
        for update skip locked
    ), gone as (
        delete from active_minutes a
        using taken t
        where a.scope = t.scope and a.minute = t.minute and a.stripe = t.stripe
        returning a.*
    )
    insert into active_minutes (scope, minute, stripe, change)
    select scope, minute, 0, sum(change)
    from gone
    group by scope, minute
    on conflict (scope, minute, stripe) do update set change = active_minutes.change + excluded.change;
    get diagnostics active = row_count;
    with taken as (
        select scope, hour, stripe
        from active_hours
        where stripe <> 0
        limit p_limit
        for update skip locked
    ), gone as (
        delete from active_hours a
        using taken t
        where a.scope = t.scope and a.hour = t.hour and a.stripe = t.stripe
        returning a.*
    )
    insert into active_hours (scope, hour, stripe, change)
    select scope, hour, 0, sum(change)
    from gone
    group by scope, hour
    on conflict (scope, hour, stripe) do update set change = active_hours.change + excluded.change;
    get diagnostics active_h = row_count;
    return minutes + hours + totals + active + active_h;
end
$$;
/* [jooq ignore stop] */
