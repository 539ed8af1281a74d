-- The operations dashboard (issue 14): wagers reported through the ingest API, the agents and
-- customers they belong to, and the aggregates the KPI tiles read. Every aggregate is kept by
-- the triggers below in the wager's own transaction, so no page, push or KPI ever scans wagers:
-- a tile costs the same with a million historic wagers as with none.

-- ISO 4217 codes we accept (active codes in common use); a wager's currency must be one of them.
create table currencies (
    code        varchar(3) primary key check (code ~ '^[A-Z]{3}$'),
    minor_units integer    not null check (minor_units between 0 and 3)
);
insert into currencies (code, minor_units) values
    ('AED', 2), ('ARS', 2), ('AUD', 2), ('BGN', 2), ('BRL', 2), ('CAD', 2), ('CHF', 2), ('CLP', 0),
    ('CNY', 2), ('COP', 2), ('CZK', 2), ('DKK', 2), ('EGP', 2), ('EUR', 2), ('GBP', 2), ('HKD', 2),
    ('HUF', 2), ('IDR', 2), ('ILS', 2), ('INR', 2), ('ISK', 0), ('JPY', 0), ('KES', 2), ('KRW', 0),
    ('KWD', 3), ('MAD', 2), ('MXN', 2), ('MYR', 2), ('NGN', 2), ('NOK', 2), ('NZD', 2), ('PEN', 2),
    ('PHP', 2), ('PLN', 2), ('RON', 2), ('RSD', 2), ('SAR', 2), ('SEK', 2), ('SGD', 2), ('THB', 2),
    ('TRY', 2), ('TWD', 2), ('UAH', 2), ('USD', 2), ('VND', 0), ('ZAR', 2);

create table agents (
    id   varchar(40) primary key check (id ~ '^[A-Za-z0-9._-]{1,40}$'),
    name text        not null check (length(name) between 1 and 80)
);

-- A customer belongs to one agent for good: an agent's view is "their customers' wagers".
create table customers (
    id            varchar(64)    primary key check (id ~ '^[A-Za-z0-9._-]{1,64}$'),
    agent_id      varchar(40)    not null references agents (id),
    exposure      numeric(20, 2) not null default 0,
    last_wager_at timestamptz
);

-- An AGENT account sees the book of exactly one agent.
create table agent_accounts (
    user_id  bigint      primary key references users (id) on delete cascade,
    agent_id varchar(40) not null references agents (id)
);

-- status: pending → won | lost | void (settled) or cancelled; nothing leaves a final state.
create table wagers (
    id               bigserial      primary key,
    ref              varchar(64)    not null,
    customer_id      varchar(64)    not null references customers (id),
    agent_id         varchar(40)    not null references agents (id),
    currency         varchar(3)     not null references currencies (code),
    stake            numeric(18, 2) not null check (stake > 0 and stake <= 1000000000),
    odds             numeric(12, 4) check (odds is null or (odds > 1 and odds <= 100000)),
    potential_payout numeric(20, 2) not null check (potential_payout >= stake),
    payout           numeric(20, 2) check (payout is null or payout >= 0),
    market           text           not null check (length(market) between 1 and 200),
    status           varchar(10)    not null default 'pending' check (status in ('pending', 'won', 'lost', 'void', 'cancelled')),
    placed_at        timestamptz    not null default now(),
    updated_at       timestamptz    not null default now(),
    check ((status in ('won', 'void')) = (payout is not null))
);

-- Per-minute buckets per scope ('book' or 'agent:<id>') and currency. revenue and placed are
-- flows of that minute; pending_count, pending_stake and liability are the minute's changes
-- to the stock kept in wager_totals, so the stock at any past minute is the total minus the
-- later changes (bounded by time, never by the number of wagers).
create table wager_minutes (
    scope         varchar(50)    not null,
    currency      varchar(3)     not null,
    minute        timestamptz    not null,
    revenue       numeric(22, 2) not null default 0,
    placed        integer        not null default 0,
    pending_count integer        not null default 0,
    pending_stake numeric(22, 2) not null default 0,
    liability     numeric(22, 2) not null default 0,
    primary key (scope, currency, minute)
);

create table wager_totals (
    scope         varchar(50)    not null,
    currency      varchar(3)     not null,
    pending_count integer        not null default 0,
    pending_stake numeric(22, 2) not null default 0,
    liability     numeric(22, 2) not null default 0,
    primary key (scope, currency)
);

-- Which customers wagered in which minute, per scope: "active players" is a distinct count over
-- 15 of these minutes, which sums of counts cannot give.
create table customer_minutes (
    scope       varchar(50) not null,
    minute      timestamptz not null,
    customer_id varchar(64) not null,
    primary key (scope, minute, customer_id)
);

create table alert_settings (
    id                   boolean        primary key default true check (id),
    big_wager            numeric(18, 2) not null default 5000 check (big_wager > 0),
    liability_jump_pct   integer        not null default 50 check (liability_jump_pct between 1 and 10000),
    customer_exposure    numeric(20, 2) not null default 50000 check (customer_exposure > 0),
    feed_lag_ms          integer        not null default 2000 check (feed_lag_ms between 100 and 600000)
);
insert into alert_settings (id) values (true);

create table alerts (
    id              bigserial   primary key,
    agent_id        varchar(40) references agents (id),
    priority        varchar(10) not null check (priority in ('low', 'normal', 'high', 'critical')),
    rule            varchar(30) not null,
    message         text        not null check (length(message) between 1 and 300),
    raised_at       timestamptz not null default now(),
    acknowledged_by text,
    acknowledged_at timestamptz,
    check ((acknowledged_by is null) = (acknowledged_at is null))
);

create table activity (
    id       bigserial   primary key,
    agent_id varchar(40) references agents (id),
    icon     varchar(20) not null check (icon in ('placed', 'settled', 'big-win', 'cancelled', 'sign-in', 'admin', 'alert')),
    text     text        not null check (length(text) between 1 and 300),
    at       timestamptz not null default now()
);

/* [jooq ignore start] */
alter table users drop constraint if exists users_role_check;
-- STAFF is listed for the parallel records work (issue 13), so either migration may run first.
alter table users add constraint users_role_check check (role in ('ADMIN', 'MEMBER', 'KIOSK', 'STAFF', 'AGENT'));

create unique index wagers_ref on wagers (ref);
create index wagers_placed on wagers (placed_at desc, id desc);
create index wagers_agent_placed on wagers (agent_id, placed_at desc, id desc);
create index wagers_pending_customer on wagers (customer_id) where status = 'pending';
create index customers_agent on customers (agent_id);
create index alerts_open on alerts (raised_at desc) where acknowledged_at is null;
create index activity_at on activity (at desc, id desc);
create index activity_agent_at on activity (agent_id, at desc, id desc);

create function wager_bucket(p_scope text, p_currency text, p_minute timestamptz, p_revenue numeric, p_placed integer,
                             p_count integer, p_stake numeric, p_liability numeric) returns void
language sql as $$
    insert into wager_minutes (scope, currency, minute, revenue, placed, pending_count, pending_stake, liability)
        values (p_scope, p_currency, p_minute, p_revenue, p_placed, p_count, p_stake, p_liability)
        on conflict (scope, currency, minute) do update set
            revenue = wager_minutes.revenue + excluded.revenue,
            placed = wager_minutes.placed + excluded.placed,
            pending_count = wager_minutes.pending_count + excluded.pending_count,
            pending_stake = wager_minutes.pending_stake + excluded.pending_stake,
            liability = wager_minutes.liability + excluded.liability;
    insert into wager_totals (scope, currency, pending_count, pending_stake, liability)
        values (p_scope, p_currency, p_count, p_stake, p_liability)
        on conflict (scope, currency) do update set
            pending_count = wager_totals.pending_count + excluded.pending_count,
            pending_stake = wager_totals.pending_stake + excluded.pending_stake,
            liability = wager_totals.liability + excluded.liability;
$$;

-- Keeps every aggregate and publishes. The currency and agent of a wager never change (the
-- rules refuse it), so one pair of scopes takes the whole difference.
create function wagers_account() returns trigger
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
    before_liab numeric;
    now_liab  numeric;
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
            select liability into now_liab from wager_totals where wager_totals.scope = 'book' and currency = new.currency;
            select now_liab - coalesce(sum(liability), 0) into before_liab from wager_minutes
                where wager_minutes.scope = 'book' and currency = new.currency and minute > now() - interval '5 minutes';
            if before_liab > 0 and now_liab > before_liab * (1 + settings.liability_jump_pct / 100.0)
                    and now_liab - d_liab <= before_liab * (1 + settings.liability_jump_pct / 100.0) then
                insert into alerts (priority, rule, message) values ('normal', 'liability-jump',
                    left('Liability in ' || new.currency || ' rose over ' || settings.liability_jump_pct || ' % in 5 minutes (' || before_liab || ' → ' || now_liab || ')', 300));
            end if;
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
create trigger wagers_account after insert or update on wagers for each row execute function wagers_account();

create function activity_publish() returns trigger
language plpgsql as $$
begin
    perform sb_publish('dashboard', 'activity', new.id);
    if new.agent_id is not null then
        perform sb_publish('dashboard_agent:' || new.agent_id, 'activity', new.id);
    end if;
    return null;
end
$$;
create trigger activity_publish after insert on activity for each row execute function activity_publish();

create function alerts_publish() returns trigger
language plpgsql as $$
begin
    perform sb_publish('dashboard', 'alert', new.id);
    -- Book-wide alerts (liability, feed lag) carry whole-book figures: admins and kiosks only.
    if new.agent_id is not null then
        perform sb_publish('dashboard_agent:' || new.agent_id, 'alert', new.id);
    end if;
    return null;
end
$$;
create trigger alerts_publish after insert or update on alerts for each row execute function alerts_publish();

-- Sign-ins of admins and agents reach the activity feed: a session gains its account at sign-in.
create function sessions_sign_in_activity() returns trigger
language plpgsql as $$
declare
    who users;
begin
    select * into who from users where id = new.user_id;
    if who.role = 'ADMIN' then
        insert into activity (agent_id, icon, text) values (null, 'sign-in', left(who.display_name || ' signed in', 300));
    elsif who.role = 'AGENT' then
        insert into activity (agent_id, icon, text)
            select a.agent_id, 'sign-in', left(who.display_name || ' signed in', 300) from agent_accounts a where a.user_id = who.id;
    end if;
    return null;
end
$$;
create trigger sessions_sign_in_activity after insert on sessions for each row
    when (new.user_id is not null) execute function sessions_sign_in_activity();
create trigger sessions_sign_in_activity_update after update of user_id on sessions for each row
    when (new.user_id is not null and old.user_id is distinct from new.user_id) execute function sessions_sign_in_activity();
/* [jooq ignore stop] */
