-- Exact money in every currency (issue 14: "money is exact"). The money columns were
-- numeric(18, 2) and numeric(20/22, 2): an amount in a currency with three minor units (KWD,
-- BHD, JOD, OMR, TND) was rounded to two decimals on insert, half up, while the ingest answered
-- 204; and the sum a customer's exposure kept could pass numeric(20, 2)'s 10^18 and fail the
-- request with a 500 although every wager in it was valid. Now they are plain numeric: the
-- ingest checks each amount's size and its decimals against its currency before it is written
-- (WagerEvent, WagerRules) and writes it at the currency's own scale, so sums keep that scale.
--
-- A customer's exposure was one number summed over every currency (40,000 JPY + 12,000 EUR
-- made 52,000 and a critical alert "over 50,000 EUR"). It is now kept per currency, like every
-- other figure of the book (never converted: the app has no exchange rates), and the
-- customer-exposure alert compares each currency's exposure with the limit.

alter table wagers alter column stake type numeric;
alter table wagers alter column potential_payout type numeric;
alter table wagers alter column payout type numeric;
alter table wager_minutes alter column revenue type numeric;
alter table wager_minutes alter column pending_stake type numeric;
alter table wager_minutes alter column liability type numeric;
alter table wager_totals alter column pending_stake type numeric;
alter table wager_totals alter column liability type numeric;
alter table wager_hours alter column revenue type numeric;
alter table wager_hours alter column pending_stake type numeric;
alter table wager_hours alter column liability type numeric;

-- Potential payout of the customer's pending wagers in one currency. Written by the wagers
-- trigger under the customer's row lock (WagerStore.lockCustomers), like customer_minutes.
create table customer_exposure (
    customer_id varchar(64) not null references customers (id),
    currency    varchar(3)  not null references currencies (code),
    exposure    numeric     not null default 0,
    primary key (customer_id, currency)
);

-- Alert thresholds per currency. With no exchange rates, one big-wager threshold and one
-- exposure limit were compared with amounts in every currency's own units: 20,000 JPY (about
-- 120 EUR) was a "big wager" against a threshold of 5,000. An admin may now set either
-- threshold for a currency (/admin/alerts); a currency without its own uses the book's.
create table alert_currency_thresholds (
    currency          varchar(3) primary key references currencies (code),
    big_wager         numeric check (big_wager > 0),
    customer_exposure numeric check (customer_exposure > 0),
    check (big_wager is not null or customer_exposure is not null)
);

/* [jooq ignore start] */
insert into customer_exposure (customer_id, currency, exposure)
select customer_id, currency, sum(potential_payout)
from wagers
where status = 'pending'
group by customer_id, currency;
/* [jooq ignore stop] */

alter table customers drop column exposure;

/* [jooq ignore start] */
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
    exposure_now numeric;
    v_big_wager numeric;
    v_exposure_limit numeric;
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
    if tg_op = 'INSERT' then
        update customers set last_wager_at = greatest(last_wager_at, new.placed_at) where id = new.customer_id;
    end if;
    if d_liab <> 0 then
        insert into customer_exposure as e (customer_id, currency, exposure) values (new.customer_id, new.currency, d_liab)
            on conflict (customer_id, currency) do update set exposure = e.exposure + excluded.exposure
            returning e.exposure into exposure_now;
    end if;

    kind := case when tg_op = 'INSERT' then 'wager.placed'
                 when new.status in ('won', 'lost', 'void') and old.status = 'pending' then 'wager.settled'
                 when new.status = 'cancelled' and old.status = 'pending' then 'wager.cancelled'
                 else 'wager.modified' end;
    -- The activity feed and the built-in alert rules (thresholds from /admin/alerts) follow
    -- live changes only: loading history (seed-wagers) must not flood either.
    if at_time > now() - interval '1 minute' then
        -- The currency's own thresholds where an admin set them, else the book's.
        select * into settings from alert_settings;
        select coalesce(t.big_wager, settings.big_wager), coalesce(t.customer_exposure, settings.customer_exposure)
            into v_big_wager, v_exposure_limit
            from (select 1) one left join alert_currency_thresholds t on t.currency = new.currency;
        insert into activity (agent_id, icon, text, at) values (new.agent_id,
            case when kind = 'wager.placed' then 'placed' when kind = 'wager.cancelled' then 'cancelled'
                 when new.status = 'won' and new.payout - new.stake >= v_big_wager then 'big-win'
                 else 'settled' end,
            left(case when kind = 'wager.placed' then new.customer_id || ' placed ' || new.stake || ' ' || new.currency || ' on ' || new.market
                      when kind = 'wager.modified' then new.customer_id || ' changed a wager to ' || new.stake || ' ' || new.currency
                      when kind = 'wager.cancelled' then new.ref || ' cancelled'
                      when new.status = 'won' then new.customer_id || ' won ' || new.payout || ' ' || new.currency || ' on ' || new.market
                      else new.ref || ' settled ' || new.status end, 300),
            at_time);
        if tg_op = 'INSERT' and new.stake >= v_big_wager then
            insert into alerts (agent_id, priority, rule, message) values (new.agent_id, 'high', 'big-wager',
                left('Wager ' || new.ref || ' by ' || new.customer_id || ': ' || new.stake || ' ' || new.currency || ' (threshold ' || v_big_wager || ' ' || new.currency || ')', 300));
        end if;
        if d_liab > 0 and exposure_now > v_exposure_limit and exposure_now - d_liab <= v_exposure_limit then
            insert into alerts (agent_id, priority, rule, subject, message) values (new.agent_id, 'critical', 'customer-exposure', new.currency,
                left('Customer ' || new.customer_id || ' exposure in ' || new.currency || ' is ' || exposure_now
                     || ', over the limit of ' || v_exposure_limit || ' ' || new.currency, 300));
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
