-- The activity feed's lines for a wager lost, void or cancelled said only "w-17 settled lost"
-- or "w-17 cancelled": no customer, no amount, no market, so the line told an operator nothing
-- without opening the wager. A changed wager's line did not say which wager. The lines now come
-- from one function (wager_activity_text), so changing a line no longer means recreating the
-- whole accounting trigger; the trigger is V29's with that one call in place of the inline text.

/* [jooq ignore start] */
create function wager_activity_text(p_kind text, w_old wagers, w_new wagers) returns text
language sql stable as $$
    select case
        when p_kind = 'wager.placed' then w_new.customer_id || ' placed ' || w_new.stake || ' ' || w_new.currency || ' on ' || w_new.market
        when p_kind = 'wager.modified' then w_new.customer_id || ' changed wager ' || w_new.ref || ': ' || wager_changes(w_old, w_new)
        when p_kind = 'wager.cancelled' then w_new.ref || ' cancelled: ' || w_new.stake || ' ' || w_new.currency || ' on ' || w_new.market
                                             || ' returned to ' || w_new.customer_id
        when w_new.status = 'won' then w_new.customer_id || ' won ' || w_new.payout || ' ' || w_new.currency || ' on ' || w_new.market
        when w_new.status = 'lost' then w_new.customer_id || ' lost ' || w_new.stake || ' ' || w_new.currency || ' on ' || w_new.market
        else w_new.ref || ' void: ' || w_new.stake || ' ' || w_new.currency || ' on ' || w_new.market || ' returned to ' || w_new.customer_id
    end
$$;

-- As in V29, with the activity line from wager_activity_text (above).
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
            left(wager_activity_text(kind, old, new), 300),
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
