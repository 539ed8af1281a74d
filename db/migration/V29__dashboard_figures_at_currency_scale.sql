-- Alert messages named the book's thresholds as the book stores them, 2 decimals whatever
-- the currency: "Customer rv-kx exposure in KWD is 60030.000, over the limit of 50000.00 KWD",
-- "... over the limit of 50000.00 JPY". Every figure is shown at its currency's own scale
-- (README, Dashboard), as the wager's own amounts are (WagerRules stores them so): the
-- thresholds in the big-wager and customer-exposure messages now are too (50000.000 KWD,
-- 50000 JPY). A threshold with more decimals than its currency (a book threshold of 5000.50
-- applied to JPY) is shown as it is, never rounded: the rule compares with the exact value.

/* [jooq ignore start] */
create function currency_figure(p_amount numeric, p_currency text) returns text
language sql stable as $$
    select case when scale(trim_scale(p_amount)) <= coalesce(c.minor_units, 2)
                then round(p_amount, coalesce(c.minor_units, 2))::text
                else trim_scale(p_amount)::text end
    from (select 1) one left join currencies c on c.code = p_currency
$$;

-- As in V27, with the thresholds at the currency's scale (above).
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
                 when kind = 'wager.modified' then 'modified'
                 when new.status = 'won' and new.payout - new.stake >= v_big_wager then 'big-win'
                 else 'settled' end,
            left(case when kind = 'wager.placed' then new.customer_id || ' placed ' || new.stake || ' ' || new.currency || ' on ' || new.market
                      when kind = 'wager.modified' then new.customer_id || ' changed a wager: ' || wager_changes(old, new)
                      when kind = 'wager.cancelled' then new.ref || ' cancelled'
                      when new.status = 'won' then new.customer_id || ' won ' || new.payout || ' ' || new.currency || ' on ' || new.market
                      else new.ref || ' settled ' || new.status end, 300),
            at_time);
        if tg_op = 'INSERT' and new.stake >= v_big_wager then
            insert into alerts (agent_id, priority, rule, message) values (new.agent_id, 'high', 'big-wager',
                left('Wager ' || new.ref || ' by ' || new.customer_id || ': ' || new.stake || ' ' || new.currency || ' (threshold ' || currency_figure(v_big_wager, new.currency) || ' ' || new.currency || ')', 300));
        elsif kind = 'wager.modified' and new.status = 'pending' and new.stake >= v_big_wager and old.stake < v_big_wager then
            insert into alerts (agent_id, priority, rule, message) values (new.agent_id, 'high', 'big-wager',
                left('Wager ' || new.ref || ' by ' || new.customer_id || ': ' || new.stake || ' ' || new.currency || ', changed from ' || old.stake
                     || ' (threshold ' || currency_figure(v_big_wager, new.currency) || ' ' || new.currency || ')', 300));
        end if;
        if d_liab > 0 and exposure_now > v_exposure_limit and exposure_now - d_liab <= v_exposure_limit then
            insert into alerts (agent_id, priority, rule, subject, message) values (new.agent_id, 'critical', 'customer-exposure', new.currency,
                left('Customer ' || new.customer_id || ' exposure in ' || new.currency || ' is ' || exposure_now
                     || ', over the limit of ' || currency_figure(v_exposure_limit, new.currency) || ' ' || new.currency, 300));
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
