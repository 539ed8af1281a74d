-- The write path as V1 had it, beside the current schema, for bench/run's write-path baseline:
-- a deferred trigger gives a transaction's changes their seq at commit, under one advisory
-- lock for the whole cluster, and sends a NOTIFY (held through the commit's WAL flush).
create table old_counter (id boolean primary key default true check (id), last_seq bigint not null);
insert into old_counter values (true, 0);
create table old_log (seq bigint primary key, topic text not null, kind text not null, entity_id bigint, at timestamptz not null);
create table old_pending (id bigserial primary key, txid bigint not null default txid_current(), topic text not null, kind text not null, entity_id bigint);
create index old_pending_txid on old_pending (txid);
create function old_publish(p_topic text, p_kind text, p_entity_id bigint) returns void
language sql as $$ insert into old_pending (topic, kind, entity_id) values (p_topic, p_kind, p_entity_id) $$;
create function old_flush() returns trigger language plpgsql as $$
declare pending bigint; base bigint;
begin
    select count(*) into pending from old_pending where txid = txid_current();
    if pending = 0 then return null; end if;
    perform pg_advisory_xact_lock(6008000099);
    update old_counter set last_seq = last_seq + pending returning last_seq - pending into base;
    insert into old_log (seq, topic, kind, entity_id, at)
        select base + row_number() over (order by id), topic, kind, entity_id, clock_timestamp() from old_pending where txid = txid_current();
    delete from old_pending where txid = txid_current();
    perform pg_notify('old_changes', (base + pending)::text);
    return null;
end $$;
create constraint trigger old_flush after insert on old_pending deferrable initially deferred for each row execute function old_flush();
