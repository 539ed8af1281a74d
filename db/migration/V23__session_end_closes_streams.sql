-- Signing out ends the session's open streams, on every node (an outside review: after "Log
-- out" in one tab, the browser's other tabs kept receiving a private thread's messages until
-- they were closed; the session was only checked when a stream connected). Any end of a signed-in
-- session row (log out, signing in again over it, an admin or a password change ending an
-- account's other sessions, expiry clean-up) publishes session.ended on the account's topic with
-- a 60-bit tag of the session id; every node's hub closes that session's streams, and the pages
-- find themselves signed out (AccountStreams.closeOnSessionEnd). The tag, not the id: the id is
-- the cookie's secret and change_log is readable by every node's listener and kept for replay.
/* [jooq ignore start] */
create function sessions_ended() returns trigger
language plpgsql as $$
begin
    -- Signing out first takes the account off the row (pac4j removes the profile), then deletes it.
    if old.user_id is not null and (tg_op = 'DELETE' or new.user_id is distinct from old.user_id) then
        perform sb_publish('account:' || old.user_id, 'session.ended', ('x' || substr(md5(old.id), 1, 15))::bit(60)::bigint);
    end if;
    return null;
end
$$;
create trigger sessions_ended after delete or update of user_id on sessions for each row execute function sessions_ended();
/* [jooq ignore stop] */
