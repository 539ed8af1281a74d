-- The ledger always matches the donations and payments it books (an outside review of the
-- records panel). The effects triggers of V11 book money only on a status change, so an edit
-- that changed a booked amount or currency, or moved a received donation back to pledged, left
-- the ledger telling another story: a CHF 100 donation edited to 150 while received and then
-- refunded netted -50 in the ledger; received -> pledged -> received booked its income twice; a
-- paid aid application edited from 300 SEK to 900 DKK kept paying 300 SEK in the ledger.
--
-- Booked money is not edited, as in any ledger: once a donation is received (or refunded) its
-- amount and currency are fixed and it only moves on (received -> refunded); once an application
-- is paid its amount and currency are fixed. A wrong booking is corrected by refunding or
-- deleting it (both post entries) and recording it again. The refusals carry a constraint name
-- the records forms turn into the message on the field (FormRoutes.refusal).
--
-- Money columns become plain numeric, as the dashboard's did in V20: KWD has three decimals and
-- JPY none, and numeric(14, 2) rounded a KWD amount silently on insert. The forms check each
-- amount's decimals against its currency (RecordRules).
--
-- A ledger entry is reversed at most once: a manual reversal and a donation's deletion at the
-- same instant could both see no reversal yet and post one each (5 tries in 12). The deletion's
-- trigger now locks the rows it reverses, as the manual reversal does, and checks again under
-- the lock; a unique index is the backstop.

alter table donations alter column amount type numeric;
alter table applications alter column amount_requested type numeric;
alter table finance alter column amount type numeric;

create unique index finance_reversed_once on finance (reverses_id) where reverses_id is not null;

/* [jooq ignore start] */
create function donations_booked_guard() returns trigger
language plpgsql as $$
begin
    if old.status in ('received', 'refunded') and (new.amount <> old.amount or new.currency <> old.currency) then
        raise exception 'This donation is on the books as % % (%): its amount and currency cannot change. Refund or delete it, then record the right amount as a new donation.',
            old.amount, old.currency, old.status using errcode = 'check_violation', constraint = 'donation_booked_amount';
    end if;
    if old.status = 'received' and new.status = 'pledged' then
        raise exception 'A received donation cannot go back to pledged: its income is on the books. Refund it (or delete it if it was recorded by mistake).'
            using errcode = 'check_violation', constraint = 'donation_booked_status';
    end if;
    if old.status = 'refunded' and new.status <> 'refunded' then
        raise exception 'A refunded donation stays refunded: record a new donation if the money came back.'
            using errcode = 'check_violation', constraint = 'donation_booked_status';
    end if;
    return new;
end
$$;
create trigger donations_booked_guard before update of amount, currency, status on donations
    for each row execute function donations_booked_guard();

create function applications_paid_guard() returns trigger
language plpgsql as $$
begin
    if old.status = 'paid' and (new.amount_requested <> old.amount_requested or new.currency <> old.currency) then
        raise exception 'This application was paid (% %) and the payment is on the books: its amount and currency cannot change.',
            old.amount_requested, old.currency using errcode = 'check_violation', constraint = 'application_paid_amount';
    end if;
    return new;
end
$$;
create trigger applications_paid_guard before update of amount_requested, currency on applications
    for each row execute function applications_paid_guard();

create or replace function donations_deletion_effects() returns trigger
language plpgsql as $$
declare
    booked finance;
begin
    if old.deleted_at is null and new.deleted_at is not null then
        -- Locked first, as WorkflowStore.reverse locks the row it reverses; checked again under
        -- the lock (a statement of its own, so it sees a reversal committed while it waited).
        for booked in
            select * from finance f
            where f.source in ('donation', 'refund') and f.source_id = new.id
            order by f.id
            for update
        loop
            if not exists (select 1 from finance r where r.reverses_id = booked.id) then
                insert into finance (entry, amount, currency, source, source_id, reverses_id, description)
                values (booked.entry, -booked.amount, booked.currency, 'reversal', new.id, booked.id,
                        left('Reversal of ledger entry #' || booked.id || ': donation #' || new.id || ' deleted', 500));
            end if;
        end loop;
    elsif old.deleted_at is not null and new.deleted_at is null and new.status = 'received'
          and not exists (select 1 from finance f
                          where f.source = 'donation' and f.source_id = new.id
                            and not exists (select 1 from finance r where r.reverses_id = f.id)) then
        insert into finance (entry, amount, currency, source, source_id, description)
        values ('income', new.amount, new.currency, 'donation', new.id,
                left('Donation #' || new.id || ' from ' || new.donor_name || ' (restored)', 500));
    end if;
    return null;
end
$$;
/* [jooq ignore stop] */
