-- Findings of an outside review of the dashboard.
--
-- 1. A wager modified from under the big-wager threshold to at or over it raised no alert
--    (only a placement was checked): 100 EUR placed, then changed to 9,000, went unseen. The
--    rule now looks at a pending wager's stake after a modification too, with the same
--    thresholds (the currency's own where an admin set one); it fires when the stake crosses
--    the threshold, so changing an already big wager again raises nothing new. The
--    customer-exposure rule already ran on every change that adds liability.
-- 2. A modification showed in the activity feed as "✓ rc-3 changed a wager to 3.333 KWD", with
--    the settled icon and the stake although only the odds had changed. It now has its own kind
--    ('modified') and says what changed: "rc-3 changed a wager: odds 2.5 → 5".
-- 3. The wager stream is newest change first, live and on reload: the page read it by placed_at
--    while showing updated_at (the last change), so a reload put a just-settled wager back
--    where it was placed. The indexes follow (updated_at, id) now; nothing reads wagers by
--    placed_at any more, so those two indexes go and a wager write keeps the same index count.
-- 4. Every sign-in showed twice in the activity feed: pac4j saves the profile in the session
--    row, then renews the session id, which deleted the row and inserted a new one, and the
--    insert looked like a sign-in. The renewal now moves the row to its new id in one update
--    (DatabaseSessionStore.renewSession), which no sign-in trigger counts; the old id's end is
--    still published to close its streams (sessions_ended, now also on a change of id).

/* [jooq ignore start] */
alter table activity drop constraint activity_icon_check;
alter table activity add constraint activity_icon_check
    check (icon in ('placed', 'modified', 'settled', 'big-win', 'cancelled', 'sign-in', 'admin', 'alert'));

create index wagers_updated on wagers (updated_at desc, id desc);
create index wagers_agent_updated on wagers (agent_id, updated_at desc, id desc);
drop index wagers_placed;
drop index wagers_agent_placed;

-- What a modification changed, for the activity feed: the stake, the odds, and the potential
-- payout where it was sent rather than worked out from the odds.
create function wager_changes(w_old wagers, w_new wagers) returns text
language sql immutable as $$
    select coalesce(nullif(concat_ws(', ',
        case when w_new.stake <> w_old.stake then 'stake ' || w_old.stake || ' → ' || w_new.stake || ' ' || w_new.currency end,
        case when w_new.odds is not null and w_new.odds is distinct from w_old.odds
             then 'odds ' || coalesce(trim_scale(w_old.odds)::text, 'none') || ' → ' || trim_scale(w_new.odds) end,
        case when w_new.odds is null and w_new.potential_payout <> w_old.potential_payout
             then 'potential payout ' || w_old.potential_payout || ' → ' || w_new.potential_payout || ' ' || w_new.currency end), ''),
        'nothing changed')
$$;

-- As in V20, with the big-wager rule on modifications and the 'modified' activity (above).
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
                left('Wager ' || new.ref || ' by ' || new.customer_id || ': ' || new.stake || ' ' || new.currency || ' (threshold ' || v_big_wager || ' ' || new.currency || ')', 300));
        elsif kind = 'wager.modified' and new.status = 'pending' and new.stake >= v_big_wager and old.stake < v_big_wager then
            insert into alerts (agent_id, priority, rule, message) values (new.agent_id, 'high', 'big-wager',
                left('Wager ' || new.ref || ' by ' || new.customer_id || ': ' || new.stake || ' ' || new.currency || ', changed from ' || old.stake
                     || ' (threshold ' || v_big_wager || ' ' || new.currency || ')', 300));
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

-- As in V23, and a session row moved to a new id (a renewal) ends its old id too.
create or replace function sessions_ended() returns trigger
language plpgsql as $$
begin
    -- Signing out first takes the account off the row (pac4j removes the profile), then deletes it.
    if old.user_id is not null and (tg_op = 'DELETE' or new.user_id is distinct from old.user_id or new.id <> old.id) then
        perform sb_publish('account:' || old.user_id, 'session.ended', ('x' || substr(md5(old.id), 1, 15))::bit(60)::bigint);
    end if;
    return null;
end
$$;
drop trigger sessions_ended on sessions;
create trigger sessions_ended after delete or update of id, user_id on sessions for each row execute function sessions_ended();
/* [jooq ignore stop] */
