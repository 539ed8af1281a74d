-- Striped KPI buckets (issue 14 at 1,000 wagers/s). Every wager used to add to its currency's
-- whole-book bucket rows (wager_totals and the minute's wager_minutes), one hot row that every
-- wager transaction locked until its commit's WAL flush, so wagers committed one at a time; and
-- batches touching currencies in different orders deadlocked on those rows (hence a global lock).
--
-- Now each transaction adds to its own stripe: the row keyed by its backend's pid, which no
-- concurrent session shares, so two wager transactions never write the same bucket row. The
-- figures are the sums over the stripes. The elected dashboard-fold job (wager_fold) moves old
-- minutes' stripes and every stock stripe into stripe 0, skipping rows a writer holds, so a
-- reader sums a few rows per minute and currency, however many sessions wrote. Stripe 0 is
-- written only by the fold (and loaded history), never by a wager transaction.
alter table wager_minutes add column stripe integer not null default 0;
alter table wager_totals add column stripe integer not null default 0;

alter table alerts add column subject varchar(64);
create index alerts_rule_subject on alerts (rule, subject, raised_at);

/* [jooq ignore start] */
alter table wager_minutes drop constraint wager_minutes_pkey, add primary key (scope, currency, minute, stripe);
alter table wager_totals drop constraint wager_totals_pkey, add primary key (scope, currency, stripe);

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
    insert into wager_totals (scope, currency, stripe, pending_count, pending_stake, liability)
        values (p_scope, p_currency, pg_backend_pid(), p_count, p_stake, p_liability)
        on conflict (scope, currency, stripe) do update set
            pending_count = wager_totals.pending_count + excluded.pending_count,
            pending_stake = wager_totals.pending_stake + excluded.pending_stake,
            liability = wager_totals.liability + excluded.liability;
$$;

-- Folds the stripes of minutes before p_before, and every stripe of the stocks, into stripe 0.
-- A row some writer has locked (its transaction is open) is skipped and folded next time, so
-- the fold never waits on a writer nor a writer on the fold beyond one row's delete; a writer
-- that adds to a stripe the fold has just deleted inserts it afresh. Sums are unchanged by
-- construction: each folded row is deleted and added to stripe 0 in the same statement.
-- Takes at most p_limit rows of each table; returns how many stripe-0 rows it wrote.
create function wager_fold(p_before timestamptz, p_limit integer) returns bigint
language plpgsql as $$
declare
    minutes bigint;
    totals  bigint;
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
    return minutes + totals;
end
$$;
-- The liability-jump alert, exact under concurrent wagers. Now that wagers commit concurrently,
-- two wagers that together lift a currency's liability over the threshold could each
-- see the book without the other's delta: both raised the alert, or neither did. Now the rule
-- is a state, not a crossing: whenever a currency's book liability is more than
-- liability_jump_pct above what it was 5 minutes ago and no liability-jump alert for that
-- currency was raised in the last 5 minutes, one is raised. A wager that adds liability checks
-- it in its own transaction; the fold job (every 5 s, one node) checks every currency, so a
-- jump that no single wager's transaction could see is raised within seconds. Two raisers at
-- once: a transaction-scoped try-lock per currency lets one insert; the other skips (and the
-- one that inserted commits before its lock is released, so any later check sees its alert).
create function liability_jump_check(p_currency text) returns boolean
language plpgsql as $$
declare
    settings    alert_settings;
    now_liab    numeric;
    before_liab numeric;
begin
    select * into settings from alert_settings;
    select coalesce(sum(liability), 0) into now_liab from wager_totals where scope = 'book' and currency = p_currency;
    select now_liab - coalesce(sum(liability), 0) into before_liab from wager_minutes
        where scope = 'book' and currency = p_currency and minute > now() - interval '5 minutes';
    if before_liab > 0 and now_liab > before_liab * (1 + settings.liability_jump_pct / 100.0)
            and pg_try_advisory_xact_lock(601800, hashtext(p_currency))
            and not exists (select 1 from alerts where rule = 'liability-jump' and subject = p_currency
                            and raised_at > statement_timestamp() - interval '5 minutes') then
        insert into alerts (priority, rule, subject, message) values ('normal', 'liability-jump', p_currency,
            left('Liability in ' || p_currency || ' rose over ' || settings.liability_jump_pct || ' % in 5 minutes ('
                 || before_liab || ' → ' || now_liab || ')', 300));
        return true;
    end if;
    return false;
end
$$;

-- As in V10 (keeps every aggregate and publishes), but each wager adds to its own stripe and
-- the liability-jump rule is liability_jump_check (above).
create or replace function wagers_account() returns trigger
language plpgsql as $$
declare
    -- A writer that changes a wager without moving updated_at (psql) changes it now.
    at_time   timestamptz := case when tg_op = 'INSERT' then new.placed_at
                                  when new.updated_at is distinct from old.updated_at then new.updated_at else now() end;
    m         timestamptz := date_trunc('minute', at_time);
    d_revenue numeric := 0;
    d_count   integer := 0;
    d_stake   numeric := 0;
    d_liab    numeric := 0;
    d_placed  integer := case when tg_op = 'INSERT' then 1 else 0 end;
    settings  alert_settings;
    kind      text;
    v_scope   text;
begin
    if tg_op = 'UPDATE' then
        if old.currency <> new.currency or old.agent_id <> new.agent_id or old.customer_id <> new.customer_id then
            raise exception 'a wager keeps its currency, agent and customer';
        end if;
        if old.status = 'pending' then
            d_count := -1;
            d_stake := -old.stake;
            d_liab := -old.potential_payout;
        end if;
    end if;
    if new.status = 'pending' then
        d_count := d_count + 1;
        d_stake := d_stake + new.stake;
        d_liab := d_liab + new.potential_payout;
    end if;
    if tg_op = 'INSERT' or old.status = 'pending' then
        if new.status = 'lost' then
            d_revenue := new.stake;
        elsif new.status = 'won' then
            d_revenue := -new.payout;
        end if;
    end if;
    foreach v_scope in array array['book', 'agent:' || new.agent_id] loop
        perform wager_bucket(v_scope, new.currency, m, d_revenue, d_placed, d_count, d_stake, d_liab);
        if tg_op = 'INSERT' then
            insert into customer_minutes (scope, minute, customer_id) values (v_scope, m, new.customer_id) on conflict do nothing;
        end if;
    end loop;
    update customers set exposure = exposure + d_liab,
                         last_wager_at = case when tg_op = 'INSERT' then greatest(last_wager_at, new.placed_at) else last_wager_at end
        where id = new.customer_id;

    kind := case when tg_op = 'INSERT' then 'wager.placed'
                 when new.status in ('won', 'lost', 'void') and old.status = 'pending' then 'wager.settled'
                 when new.status = 'cancelled' and old.status = 'pending' then 'wager.cancelled'
                 else 'wager.modified' end;
    -- The activity feed and the built-in alert rules (thresholds from /admin/alerts) follow
    -- live changes only: loading history (seed-wagers) must not flood either.
    if at_time > now() - interval '1 minute' then
        insert into activity (agent_id, icon, text, at) values (new.agent_id,
            case when kind = 'wager.placed' then 'placed' when kind = 'wager.cancelled' then 'cancelled'
                 when new.status = 'won' and new.payout - new.stake >= (select big_wager from alert_settings) then 'big-win'
                 else 'settled' end,
            left(case when kind = 'wager.placed' then new.customer_id || ' placed ' || new.stake || ' ' || new.currency || ' on ' || new.market
                      when kind = 'wager.modified' then new.customer_id || ' changed a wager to ' || new.stake || ' ' || new.currency
                      when kind = 'wager.cancelled' then new.ref || ' cancelled'
                      when new.status = 'won' then new.customer_id || ' won ' || new.payout || ' ' || new.currency || ' on ' || new.market
                      else new.ref || ' settled ' || new.status end, 300),
            at_time);
        select * into settings from alert_settings;
        if tg_op = 'INSERT' and new.stake >= settings.big_wager then
            insert into alerts (agent_id, priority, rule, message) values (new.agent_id, 'high', 'big-wager',
                left('Wager ' || new.ref || ' by ' || new.customer_id || ': ' || new.stake || ' ' || new.currency || ' (threshold ' || settings.big_wager || ')', 300));
        end if;
        if d_liab > 0 and (select exposure from customers where id = new.customer_id) > settings.customer_exposure
                and (select exposure from customers where id = new.customer_id) - d_liab <= settings.customer_exposure then
            insert into alerts (agent_id, priority, rule, message) values (new.agent_id, 'critical', 'customer-exposure',
                left('Customer ' || new.customer_id || ' exposure is over ' || settings.customer_exposure || ' ' || new.currency, 300));
        end if;
        if d_liab > 0 then
            perform liability_jump_check(new.currency);
        end if;
    end if;

    -- History (seed-wagers loads a day back) is not news: screens pick its totals up at the
    -- next tick, and a load of a million wagers does not become two million pushes.
    if at_time > now() - interval '1 hour' then
        perform sb_publish('dashboard', kind, new.id);
        perform sb_publish('dashboard_agent:' || new.agent_id, kind, new.id);
    end if;
    return null;
end
$$;
/* [jooq ignore stop] */
