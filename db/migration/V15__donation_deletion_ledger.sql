-- Soft-deleting a donation takes its money out of the ledger; restoring it puts it back. The
-- ledger is never edited, so both are new rows: deleting posts a reversing entry for each of the
-- donation's income and refund rows not yet reversed; restoring a received donation whose income
-- is no longer on the books books it again (a later deletion reverses that row in turn).
/* [jooq ignore start] */
create function donations_deletion_effects() returns trigger
language plpgsql as $$
declare
    booked finance;
begin
    if old.deleted_at is null and new.deleted_at is not null then
        for booked in
            select * from finance f
            where f.source in ('donation', 'refund') and f.source_id = new.id
              and not exists (select 1 from finance r where r.reverses_id = f.id)
            order by f.id
        loop
            insert into finance (entry, amount, currency, source, source_id, reverses_id, description)
            values (booked.entry, -booked.amount, booked.currency, 'reversal', new.id, booked.id,
                    left('Reversal of ledger entry #' || booked.id || ': donation #' || new.id || ' deleted', 500));
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
create trigger donations_deletion_effects after update of deleted_at on donations
    for each row execute function donations_deletion_effects();
/* [jooq ignore stop] */
