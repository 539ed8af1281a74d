-- A key revoked while one of its requests is on its way commits nothing (an outside review: a
-- body sent slowly, the key revoked at /admin/keys meanwhile, the rest of the body sent: 204,
-- and the table was created after the revocation). The key is checked when the headers arrive;
-- this checks it again in the request's own transaction, where it claims its idempotency keys
-- (every ingest request does, poker and wager events alike): one check per statement, after the
-- claims, so a group of 500 events costs one look-up. The ingest answers 401 (Ingest.refusal).
/* [jooq ignore start] */
create function ingest_keys_live() returns trigger
language plpgsql as $$
begin
    if exists (select 1 from claimed c join api_keys k on k.id = c.api_key_id where k.revoked_at is not null) then
        raise exception 'the API key was revoked' using errcode = 'insufficient_privilege';
    end if;
    return null;
end
$$;
create trigger ingest_keys_live after insert on ingest_keys referencing new table as claimed
    for each statement execute function ingest_keys_live();
/* [jooq ignore stop] */
