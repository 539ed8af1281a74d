-- Cluster-wide state for issue 16: limits shared by every node, and the ops page's node
-- reports and event traces (one migration: V9-V11 belong to other work in flight).

-- Limits shared by every node of a cluster: kept in memory, N nodes behind a
-- balancer would give an attacker N times the login throttle and a game server N times its
-- API rate. Both use PostgreSQL's clock, so the nodes' clocks do not matter.

-- Failed sign-ins, one row each, per account name ('user:ada') and per client address
-- ('ip:203.0.113.5'). Rows older than the throttle's window are deleted by a job.
create table login_failures (
    id  bigserial    primary key,
    key varchar(200) not null,
    at  timestamptz  not null default clock_timestamp()
);

-- A token bucket per key (an API key): the tokens left at the time of the last request.
create table rate_buckets (
    key    varchar(200)     primary key,
    tokens double precision not null,
    at     timestamptz      not null
);

/* [jooq ignore start] */
create index login_failures_key_at on login_failures (key, at);
create index login_failures_at on login_failures (at);

-- Takes p_cost tokens from p_key's bucket (refilled at p_rate a second, holding at most
-- p_burst) and returns 0, or returns the seconds to wait and takes nothing. One statement for
-- the caller; the row lock serialises the nodes' requests on one key, and the clock is read
-- after the lock so a waiter never sees time run backwards.
create function sb_take_tokens(p_key varchar, p_rate double precision, p_burst double precision, p_cost double precision)
returns double precision
language plpgsql as $$
declare
    last_at timestamptz;
    stored  double precision;
    now_at  timestamptz;
    have    double precision;
begin
    insert into rate_buckets (key, tokens, at) values (p_key, p_burst, clock_timestamp())
        on conflict (key) do nothing;
    select tokens, at into stored, last_at from rate_buckets where key = p_key for update;
    now_at := greatest(clock_timestamp(), last_at);
    have := least(p_burst, stored + p_rate * extract(epoch from now_at - last_at));
    if have >= p_cost then
        update rate_buckets set tokens = have - p_cost, at = now_at where key = p_key;
        return 0;
    end if;
    update rate_buckets set tokens = have, at = now_at where key = p_key;
    return (least(p_cost, p_burst) - have) / p_rate;
end
$$;
/* [jooq ignore stop] */

-- The ops page (/admin/ops). Every node inserts a report of its figures every few seconds; the
-- page shows each node's latest (a node without a recent one is gone) and sparklines of the
-- rest. Reports older than ten minutes are deleted by whichever node reports next.
create table node_reports (
    id                bigserial        primary key,
    node_id           varchar(200)     not null,
    at                timestamptz      not null default clock_timestamp(),
    streams           integer          not null,
    events_per_second double precision not null,
    delivery_p50_ms   double precision,
    delivery_p99_ms   double precision,
    listener_lag_ms   double precision,
    dropped_streams   bigint           not null,
    errors            integer          not null
);

-- How many streams on a node received a frame carrying a seq, written with the node's report.
create table node_deliveries (
    node_id varchar(200) not null,
    seq     bigint       not null,
    streams integer      not null,
    at      timestamptz  not null default clock_timestamp()
);

-- Tracing one ingest request to the seq it committed at: both rows name the transaction that
-- wrote them (ingest_keys by default, change_log from the sequencer, which copies the writer's
-- txid from change_pending). No existing row is rewritten; a row written before this migration
-- has no txid and cannot be traced.
alter table ingest_keys add column txid bigint;
alter table change_log add column txid bigint;

/* [jooq ignore start] */
alter table ingest_keys alter column txid set default txid_current();
-- change_log rows are written by the sequencer: it copies the writer's txid from change_pending.
create or replace function sb_sequence(p_transactions int) returns bigint
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
        returning p.id, txs.first_id, p.txid, p.topic, p.kind, p.entity_id, p.at
    )
    insert into change_log (seq, topic, kind, entity_id, at, txid)
    select base + row_number() over (order by first_id, id), topic, kind, entity_id, at, txid
    from batch;
    get diagnostics moved = row_count;
    if moved > 0 then
        update change_counter set last_seq = base + moved;
        perform pg_notify('sb_changes', (base + moved)::text);
    end if;
    return moved;
end
$$;
create index node_reports_node_at on node_reports (node_id, at);
create index node_reports_at on node_reports (at);
create index node_deliveries_seq on node_deliveries (seq);
create index node_deliveries_at on node_deliveries (at);

create function node_reports_publish() returns trigger
language plpgsql as $$
begin
    perform sb_publish('ops', 'node.reported', null);
    return null;
end
$$;

create trigger node_reports_publish
    after insert on node_reports
    for each statement execute function node_reports_publish();
/* [jooq ignore stop] */
