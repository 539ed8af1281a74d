-- The sequencer (DESIGN.md rule 2). Writers no longer take a lock or send a NOTIFY at commit:
-- sb_publish() only records the change in change_pending, inside the writer's transaction.
-- One node at a time (elected by an advisory lock, see live/Sequencer) calls sb_sequence()
-- in a loop: in its own transaction it moves the committed pending rows into change_log with
-- consecutive seqs and sends one NOTIFY for the batch.
--
-- Why this keeps seq gap-free and in commit order: sb_sequence() sees only committed rows,
-- and calls are serialised by the counter's row lock, each committing before the next reads
-- the counter. A change committed before a batch's snapshot gets a lower seq than one
-- committed after it; within a batch, transactions are ordered by their first change and each
-- transaction's changes stay consecutive, in the order they were published.

/* [jooq ignore start] */
drop trigger change_pending_flush on change_pending;
drop function change_pending_flush();

-- When the change was written: change_log.at, so commit-to-page latency includes the wait for
-- the sequencer. clock_timestamp, not now(): a long transaction's changes are not backdated.
alter table change_pending add column at timestamptz not null default clock_timestamp();

-- change_log.at only serves retention (oldest first): a BRIN index costs the sequencer's inserts
-- almost nothing, where the B-tree was updated for every change.
drop index change_log_at;
create index change_log_at on change_log using brin (at);

-- Moves up to p_transactions committed transactions' changes into change_log; returns how many
-- changes it moved. Cheap when there is nothing to move (no row lock, no write).
create function sb_sequence(p_transactions int) returns bigint
language plpgsql as $$
declare
    base  bigint;
    moved bigint;
begin
    if not exists (select 1 from change_pending) then
        return 0;
    end if;
    select last_seq into base from change_counter for update;
    with txs as (
        select txid, min(id) as first_id
        from change_pending
        group by txid
        order by min(id)
        limit p_transactions
    ), batch as (
        delete from change_pending p
        using txs
        where p.txid = txs.txid
        returning p.id, txs.first_id, p.topic, p.kind, p.entity_id, p.at
    )
    insert into change_log (seq, topic, kind, entity_id, at)
    select base + row_number() over (order by first_id, id), topic, kind, entity_id, at
    from batch;
    get diagnostics moved = row_count;
    if moved > 0 then
        update change_counter set last_seq = base + moved;
        perform pg_notify('sb_changes', (base + moved)::text);
    end if;
    return moved;
end
$$;
/* [jooq ignore stop] */
