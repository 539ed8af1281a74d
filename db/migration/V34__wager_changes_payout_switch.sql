-- A wager sent with a potential payout and later changed to odds said only "odds none → 2.5":
-- its potential payout moved too (stake × odds now), and the line did not say so. The potential
-- payout is named whenever it changes and either side of the change has no odds (a payout sent,
-- or a switch between a payout and odds); with odds on both sides it follows from them.
-- (The ingest no longer writes a modification that changes nothing, so "nothing changed" is only
-- for a writer outside it, psql.)

/* [jooq ignore start] */
create or replace function wager_changes(w_old wagers, w_new wagers) returns text
language sql immutable as $$
    select coalesce(nullif(concat_ws(', ',
        case when w_new.stake <> w_old.stake then 'stake ' || w_old.stake || ' → ' || w_new.stake || ' ' || w_new.currency end,
        case when w_new.odds is not null and w_new.odds is distinct from w_old.odds
             then 'odds ' || coalesce(trim_scale(w_old.odds)::text, 'none') || ' → ' || trim_scale(w_new.odds) end,
        case when (w_new.odds is null or w_old.odds is null) and w_new.potential_payout <> w_old.potential_payout
             then 'potential payout ' || w_old.potential_payout || ' → ' || w_new.potential_payout || ' ' || w_new.currency end), ''),
        'nothing changed')
$$;
/* [jooq ignore stop] */
