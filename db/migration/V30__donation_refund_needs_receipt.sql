-- A donation is refunded only after it was received. Made refunded at once, or moved there from
-- pledged, it said money went back that never came in, and the ledger booked nothing either way.
/* [jooq ignore start] */
create function donations_refund_needs_receipt() returns trigger
language plpgsql as $$
begin
    if new.status = 'refunded' and (tg_op = 'INSERT' or old.status = 'pledged') then
        raise exception 'Only a received donation can be refunded, and this one was never received: record it as received first, or leave it pledged.'
            using errcode = 'check_violation', constraint = 'donation_booked_status';
    end if;
    return new;
end
$$;
create trigger donations_refund_needs_receipt before insert or update of status on donations
    for each row execute function donations_refund_needs_receipt();
/* [jooq ignore stop] */
