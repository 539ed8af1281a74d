-- Issue 13 (ingest at the machine's speed): every API request takes tokens from its key's bucket
-- in a statement of its own. As a logged table each take was a commit waiting for its WAL flush
-- while holding the bucket's row lock, so all the requests of one key queued on the disk one
-- at a time. Unlogged, the commit of a take writes no WAL and does not wait: the lock is held for
-- microseconds. What is lost is only the buckets themselves, emptied after a crash of the
-- server (and absent on a streaming replica after a failover): every key starts again with a
-- full burst, which a limit may do. Nothing else is kept here.
/* [jooq ignore start] */
alter table rate_buckets set unlogged;
/* [jooq ignore stop] */
