-- The liability-jump alert, exact under concurrent wagers. Since wagers commit concurrently
-- (V17), two wagers that together lift a currency's liability over the threshold could each
-- see the book without the other's delta: both raised the alert, or neither did. Now the rule
-- is a state, not a crossing: whenever a currency's book liability is more than
-- liability_jump_pct above what it was 5 minutes ago and no liability-jump alert for that
-- currency was raised in the last 5 minutes, one is raised. A wager that adds liability checks
-- it in its own transaction; the fold job (every 5 s, one node) checks every currency, so a
-- jump that no single wager's transaction could see is raised within seconds. Two raisers at
-- once: a transaction-scoped try-lock per currency lets one insert; the other skips (and the
-- one that inserted commits before its lock is released, so any later check sees its alert).

alter table alerts add column subject varchar(64);
create index alerts_rule_subject on alerts (rule, subject, raised_at);

/* [jooq ignore start] */
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
