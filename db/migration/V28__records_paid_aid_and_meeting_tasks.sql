-- Three gaps a black-box review of the records panel found.
--
-- 1. Paid aid follows its application as income follows its donation (V15, V22). Soft-deleting a
--    paid application left its expense on the books with no live record behind it, so the ledger
--    no longer equalled received donations less paid live applications, a hand reversal of the
--    entry was then accepted, and a restore booked nothing. Now deleting an application posts a
--    reversing entry for each of its payment rows not yet reversed (locked first and checked
--    again under the lock, as the donation's deletion and WorkflowStore.reverse do); restoring a
--    paid application whose payment is no longer on the books books it again; removing the row
--    itself (a purge, or a DELETE in psql) reverses whatever is still booked, so nothing of a
--    gone application is left on the books. Applications deleted before this migration get their
--    reversals now.
--
-- 2. A meeting's tasks follow the meeting. Removing an action item cancels its task (the app did
--    it; a trigger now does it for every writer, a purge's cascade included). Soft-deleting a
--    meeting cancels the open tasks of its action items and remembers which ones it cancelled and
--    from what status; restoring the meeting reopens exactly those still cancelled. A done task
--    stays done, and a task someone changed meanwhile is left as they set it.
--
-- 3. Once paid, an application's beneficiary and kind of aid are fixed too, as its amount and
--    currency are (V22): the payment on the books is to that person for that aid. The refusals
--    carry a constraint name per field that FormRoutes.refusal puts on the field.

create table meeting_cancelled_tasks (
    task_id    bigint      primary key references tasks (id) on delete cascade,
    meeting_id bigint      not null references meetings (id) on delete cascade,
    status     varchar(10) not null
);

/* [jooq ignore start] */
create function applications_deletion_effects() returns trigger
language plpgsql as $$
declare
    booked finance;
    app applications;
begin
    if tg_op = 'DELETE' then
        app := old;
    else
        app := new;
    end if;
    if tg_op = 'DELETE' or (old.deleted_at is null and new.deleted_at is not null) then
        for booked in
            select * from finance f
            where f.source = 'application' and f.source_id = app.id
            order by f.id
            for update
        loop
            if not exists (select 1 from finance r where r.reverses_id = booked.id) then
                insert into finance (entry, amount, currency, source, source_id, reverses_id, description)
                values (booked.entry, -booked.amount, booked.currency, 'reversal', app.id, booked.id,
                        left('Reversal of ledger entry #' || booked.id || ': application #' || app.id
                             || case when tg_op = 'DELETE' then ' purged' else ' deleted' end, 500));
            end if;
        end loop;
    elsif old.deleted_at is not null and new.deleted_at is null and new.status = 'paid'
          and not exists (select 1 from finance f
                          where f.source = 'application' and f.source_id = new.id
                            and not exists (select 1 from finance r where r.reverses_id = f.id)) then
        insert into finance (entry, amount, currency, source, source_id, description)
        values ('expense', new.amount_requested, new.currency, 'application', new.id,
                left('Aid paid: application #' || new.id || ' (' || new.aid_kind || ') (restored)', 500));
    end if;
    return null;
end
$$;
create trigger applications_deletion_effects after update of deleted_at on applications
    for each row execute function applications_deletion_effects();
create trigger applications_purge_effects after delete on applications
    for each row execute function applications_deletion_effects();

-- Applications already in the trash (or gone) whose payment is still on the books.
insert into finance (entry, amount, currency, source, source_id, reverses_id, description)
select f.entry, -f.amount, f.currency, 'reversal', f.source_id, f.id,
       left('Reversal of ledger entry #' || f.id || ': application #' || f.source_id || ' deleted', 500)
  from finance f
 where f.source = 'application'
   and not exists (select 1 from finance r where r.reverses_id = f.id)
   and not exists (select 1 from applications a where a.id = f.source_id and a.deleted_at is null)
 order by f.id;

create or replace function applications_paid_guard() returns trigger
language plpgsql as $$
begin
    if old.status = 'paid' and (new.amount_requested <> old.amount_requested or new.currency <> old.currency) then
        raise exception 'This application was paid (% %) and the payment is on the books: its amount and currency cannot change.',
            old.amount_requested, old.currency using errcode = 'check_violation', constraint = 'application_paid_amount';
    end if;
    if old.status = 'paid' and new.beneficiary_id <> old.beneficiary_id then
        raise exception 'This application was paid to beneficiary #% and the payment is on the books: its beneficiary cannot change. Delete it (the payment is reversed) and record the right one.',
            old.beneficiary_id using errcode = 'check_violation', constraint = 'application_paid_beneficiary';
    end if;
    if old.status = 'paid' and new.aid_kind <> old.aid_kind then
        raise exception 'This application was paid as % aid and the payment is on the books: its kind of aid cannot change. Delete it (the payment is reversed) and record the right one.',
            old.aid_kind using errcode = 'check_violation', constraint = 'application_paid_aid_kind';
    end if;
    return new;
end
$$;
drop trigger applications_paid_guard on applications;
create trigger applications_paid_guard before update of amount_requested, currency, beneficiary_id, aid_kind on applications
    for each row execute function applications_paid_guard();

-- Any removal of an action item (its own, its decision's, its meeting's purge) cancels its task.
create function action_items_cancel_task() returns trigger
language plpgsql as $$
begin
    update tasks set status = 'cancelled'
     where id = old.task_id and status not in ('done', 'cancelled');
    return old;
end
$$;
create trigger action_items_cancel_task before delete on action_items
    for each row execute function action_items_cancel_task();

create function meetings_deletion_tasks() returns trigger
language plpgsql as $$
begin
    if old.deleted_at is null and new.deleted_at is not null then
        insert into meeting_cancelled_tasks (task_id, meeting_id, status)
        select t.id, new.id, t.status
          from tasks t
          join action_items a on a.task_id = t.id
          join meeting_decisions d on d.id = a.decision_id
         where d.meeting_id = new.id and t.status not in ('done', 'cancelled')
        on conflict (task_id) do update set meeting_id = excluded.meeting_id, status = excluded.status;
        update tasks t set status = 'cancelled'
          from meeting_cancelled_tasks m
         where m.meeting_id = new.id and t.id = m.task_id and t.status not in ('done', 'cancelled');
    elsif old.deleted_at is not null and new.deleted_at is null then
        update tasks t set status = m.status
          from meeting_cancelled_tasks m
         where m.meeting_id = new.id and t.id = m.task_id and t.status = 'cancelled';
        delete from meeting_cancelled_tasks where meeting_id = new.id;
    end if;
    return null;
end
$$;
create trigger meetings_deletion_tasks after update of deleted_at on meetings
    for each row execute function meetings_deletion_tasks();
/* [jooq ignore stop] */
