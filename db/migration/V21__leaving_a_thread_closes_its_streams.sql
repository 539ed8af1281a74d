-- A member removed from a thread lost every open stream (V7 published access.revoked on
-- account:<id>, and each node closed all of that account's streams): pages about other
-- threads, polls or the dashboard reconnected too, and a thread's owner could make another
-- member's every page reconnect by adding and removing them. Now the removal publishes
-- thread.left on account:<id> with the thread's id, and each node closes only that account's
-- streams that follow the thread (its messages or its line in the list: chat.Chat).

/* [jooq ignore start] */
create or replace function thread_members_publish() returns trigger
language plpgsql as $$
begin
    perform sb_publish('inbox:' || coalesce(new.user_id, old.user_id), 'membership', coalesce(new.thread_id, old.thread_id));
    if tg_op = 'DELETE' then
        perform sb_publish('account:' || old.user_id, 'thread.left', old.thread_id);
    end if;
    return null;
end
$$;
/* [jooq ignore stop] */
