-- A meeting's attendees, decisions and action items are part of the meeting (issue 15). Every
-- change to them, by the app or by any SQL writer, is an entry in the meeting's history (who,
-- when, field-level before/after), moves the meeting's version on (so a form or sub-item form
-- opened before it is refused as stale), reaches the meeting's open list and page, and tells the
-- meeting's attendees. One transaction's changes to one meeting make one history entry, however
-- many statements they took: a save that renames the meeting and adds two attendees reads as one
-- change, with the attendee list before and after.
/* [jooq ignore start] */

-- The transaction that wrote each audit entry, so later changes of the same transaction join it.
-- A default set after the column is added: existing rows are not rewritten (they keep null).
alter table record_audit add column txid bigint;
alter table record_audit alter column txid set default txid_current();

drop trigger meeting_decisions_publish on meeting_decisions;
drop trigger action_items_publish on action_items;
drop trigger meeting_attendees_publish on meeting_attendees;
drop function meeting_parts_publish();

-- Tells a meeting's attendees, all but its writer, that it changed: once per transaction each.
create function meeting_notify_attendees(mid bigint) returns void
language sql as $$
    insert into notifications (user_id, text, link)
    select a.user_id, 'Meeting changed: ' || left(m.title, 200), '/records/meetings/' || m.id
      from meeting_attendees a
      join meetings m on m.id = a.meeting_id
     where a.meeting_id = mid
       and a.user_id is distinct from records_who_id()
       and not exists (select 1
                         from notifications n
                        where n.user_id = a.user_id
                          and n.link = '/records/meetings/' || m.id
                          and n.created_at = now())
$$;

-- Records diff ({field: [before, after]}) in meeting mid's history, joining the entry this
-- transaction already wrote for it (the first before stays, the last after wins); then moves the
-- meeting's version on, publishes it and tells its attendees. A purged meeting takes its parts
-- with it unrecorded: its history already ends with the purge.
create function meeting_part_changed(mid bigint, diff jsonb) returns void
language plpgsql as $$
declare
    entry  bigint;
    merged jsonb;
    k      text;
begin
    if mid is null or diff = '{}' or not exists (select 1 from meetings where id = mid) then
        return;
    end if;
    select id, changes into entry, merged
      from record_audit
     where kind = 'meetings' and record_id = mid and txid = txid_current()
     order by id desc
     limit 1;
    if entry is null then
        insert into record_audit (kind, record_id, op, who, who_id, changes)
        values ('meetings', mid, 'update', records_who(), records_who_id(), diff);
    else
        for k in select jsonb_object_keys(diff) loop
            if merged -> k is not null then
                merged := jsonb_set(merged, array[k, '1'], diff -> k -> 1);
            else
                merged := merged || jsonb_build_object(k, diff -> k);
            end if;
        end loop;
        update record_audit set changes = merged where id = entry;
    end if;
    -- The version trigger moves version and updated_at; the audit trigger sees no field change.
    update meetings set updated_at = now() where id = mid;
    perform sb_publish('records:meetings', 'record.update', mid);
    perform sb_publish('record:meetings:' || mid, 'record.parts', mid);
    perform meeting_notify_attendees(mid);
end
$$;

-- {column: [before, after]} of the columns whose values differ (a side may be null: insert, delete).
create function meeting_part_diff(prefix text, before jsonb, after jsonb) returns jsonb
language plpgsql immutable as $$
declare
    diff jsonb := '{}';
    col  text;
begin
    for col in select jsonb_object_keys(coalesce(after, before)) loop
        if coalesce(before -> col, 'null') is distinct from coalesce(after -> col, 'null') then
            diff := diff || jsonb_build_object(prefix || col, jsonb_build_array(coalesce(before -> col, 'null'), coalesce(after -> col, 'null')));
        end if;
    end loop;
    return diff;
end
$$;

-- Attendees: the list as names before and after, per statement (one save adds several at once).
create function meeting_attendees_changed(mid bigint, added bigint[], removed bigint[]) returns void
language plpgsql as $$
declare
    before text;
    after  text;
begin
    select string_agg(u.display_name, ', ' order by u.display_name) into after
      from meeting_attendees a
      join users u on u.id = a.user_id
     where a.meeting_id = mid;
    select string_agg(u.display_name, ', ' order by u.display_name) into before
      from users u
     where u.id in (select a.user_id from meeting_attendees a where a.meeting_id = mid and a.user_id <> all (added)
                    union
                    select unnest(removed));
    if before is distinct from after then
        perform meeting_part_changed(mid, jsonb_build_object('attendees', jsonb_build_array(before, after)));
    end if;
end
$$;

create function meeting_attendees_audit() returns trigger
language plpgsql as $$
declare
    m record;
begin
    -- A transition table exists only for the operations its trigger names: each branch reads its own.
    if tg_op = 'INSERT' then
        for m in select meeting_id, array_agg(user_id) as users from attendees_new group by meeting_id loop
            perform meeting_attendees_changed(m.meeting_id, m.users, '{}');
        end loop;
    elsif tg_op = 'DELETE' then
        for m in select meeting_id, array_agg(user_id) as users from attendees_old group by meeting_id loop
            perform meeting_attendees_changed(m.meeting_id, '{}', m.users);
        end loop;
    else
        for m in select coalesce(n.meeting_id, o.meeting_id) as meeting_id,
                        coalesce(n.users, '{}') as added, coalesce(o.users, '{}') as removed
                   from (select meeting_id, array_agg(user_id) as users from attendees_new group by meeting_id) n
                   full join (select meeting_id, array_agg(user_id) as users from attendees_old group by meeting_id) o
                     on o.meeting_id = n.meeting_id loop
            perform meeting_attendees_changed(m.meeting_id, m.added, m.removed);
        end loop;
    end if;
    return null;
end
$$;
create trigger meeting_attendees_added after insert on meeting_attendees
    referencing new table as attendees_new for each statement execute function meeting_attendees_audit();
create trigger meeting_attendees_removed after delete on meeting_attendees
    referencing old table as attendees_old for each statement execute function meeting_attendees_audit();
create trigger meeting_attendees_moved after update on meeting_attendees
    referencing new table as attendees_new old table as attendees_old for each statement execute function meeting_attendees_audit();

-- An action item's fields as its meeting's history shows them (the assignee by name).
create function action_item_fields(a action_items) returns jsonb
language sql stable as $$
    select jsonb_build_object('title', a.title,
                              'assignee', (select u.display_name from users u where u.id = a.assignee_id),
                              'due', a.due_date,
                              'decision', 'decision #' || a.decision_id)
$$;

-- Decisions: "decision #12" before and after. A deleted decision takes its action items with it
-- (a cascade that runs when the decision can no longer be found), so they are recorded here,
-- before the row goes.
create function meeting_decisions_audit() returns trigger
language plpgsql as $$
declare
    diff jsonb := '{}';
    item action_items;
begin
    if tg_op = 'DELETE' or (tg_op = 'UPDATE' and old.meeting_id <> new.meeting_id) then
        diff := jsonb_build_object('decision #' || old.id, jsonb_build_array(old.text, null));
        for item in select * from action_items where decision_id = old.id order by id loop
            diff := diff || meeting_part_diff('action item #' || item.id || ' ', action_item_fields(item), null);
        end loop;
        perform meeting_part_changed(old.meeting_id, diff);
    end if;
    if tg_op = 'INSERT' or (tg_op = 'UPDATE' and old.meeting_id <> new.meeting_id) then
        perform meeting_part_changed(new.meeting_id, jsonb_build_object('decision #' || new.id, jsonb_build_array(null, new.text)));
    elsif tg_op = 'UPDATE' and old.text is distinct from new.text then
        perform meeting_part_changed(new.meeting_id, jsonb_build_object('decision #' || new.id, jsonb_build_array(old.text, new.text)));
    end if;
    return case when tg_op = 'DELETE' then old else null end;
end
$$;
create trigger meeting_decisions_removed before delete on meeting_decisions for each row execute function meeting_decisions_audit();
create trigger meeting_decisions_audit after insert or update on meeting_decisions for each row execute function meeting_decisions_audit();

-- Action items: "action item #7 title" (assignee, due, decision) before and after.
create function action_items_audit() returns trigger
language plpgsql as $$
declare
    before_meeting bigint;
    after_meeting  bigint;
begin
    if tg_op <> 'INSERT' then
        select meeting_id into before_meeting from meeting_decisions where id = old.decision_id;
    end if;
    if tg_op <> 'DELETE' then
        select meeting_id into after_meeting from meeting_decisions where id = new.decision_id;
    end if;
    if tg_op = 'INSERT' then
        perform meeting_part_changed(after_meeting, meeting_part_diff('action item #' || new.id || ' ', null, action_item_fields(new)));
    elsif tg_op = 'DELETE' then
        perform meeting_part_changed(before_meeting, meeting_part_diff('action item #' || old.id || ' ', action_item_fields(old), null));
    elsif before_meeting is not distinct from after_meeting then
        perform meeting_part_changed(after_meeting, meeting_part_diff('action item #' || new.id || ' ', action_item_fields(old), action_item_fields(new)));
    else
        perform meeting_part_changed(before_meeting, meeting_part_diff('action item #' || old.id || ' ', action_item_fields(old), null));
        perform meeting_part_changed(after_meeting, meeting_part_diff('action item #' || new.id || ' ', null, action_item_fields(new)));
    end if;
    return null;
end
$$;
create trigger action_items_audit after insert or update or delete on action_items for each row execute function action_items_audit();

-- An action item is its assignee's task: a changed title, assignee or due date changes the task
-- (whose own trigger tells a new assignee).
create function action_items_task_follows() returns trigger
language plpgsql as $$
begin
    update tasks
       set title = new.title, assignee_id = new.assignee_id, due_date = new.due_date
     where id = new.task_id
       and (title, assignee_id, due_date) is distinct from (new.title, new.assignee_id, new.due_date);
    return null;
end
$$;
create trigger action_items_task_follows after update of title, assignee_id, due_date on action_items
    for each row execute function action_items_task_follows();

-- A meeting's attendees hear of any change to what they see of it, once per transaction.
create or replace function meetings_changed() returns trigger
language plpgsql as $$
begin
    perform meeting_notify_attendees(new.id);
    return null;
end
$$;
drop trigger meetings_changed on meetings;
create trigger meetings_changed after update on meetings for each row
    when (old.title is distinct from new.title or old.starts_at is distinct from new.starts_at
          or old.location is distinct from new.location or old.notes is distinct from new.notes
          or old.organizer_id is distinct from new.organizer_id or old.deleted_at is distinct from new.deleted_at)
    execute function meetings_changed();
/* [jooq ignore stop] */
