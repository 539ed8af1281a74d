-- /stats counted every poll, drafts included: a poll an admin had only begun to write showed
-- on the public statistics. The counter now holds published polls (active or closed), kept by
-- the same trigger as before, which also counts a draft when it is published.

/* [jooq ignore start] */
create or replace function polls_publish() returns trigger
language plpgsql as $$
declare
    was_published boolean := tg_op <> 'INSERT' and old.status <> 'draft';
    is_published boolean := tg_op <> 'DELETE' and new.status <> 'draft';
begin
    if was_published <> is_published then
        update stats_counters set value = value + (case when is_published then 1 else -1 end) where name = 'polls';
        perform sb_publish('stats', 'poll', null);
    end if;
    if tg_op = 'DELETE' then
        perform sb_publish('polls', 'poll.deleted', old.id);
        return null;
    elsif tg_op = 'UPDATE' and old.status is not distinct from new.status and old.question = new.question
          and old.closes_at is not distinct from new.closes_at then
        return null;  -- a vote's total: published by the vote itself
    end if;
    perform sb_publish('poll:' || new.id, 'poll.' || new.status, new.id);
    perform sb_publish('polls', 'poll.' || new.status, new.id);
    return null;
end
$$;

update stats_counters set value = (select count(*) from polls where status <> 'draft') where name = 'polls';
/* [jooq ignore stop] */
