-- A node that stops on purpose (SIGTERM, drained) says so in a last report; one that is killed
-- or loses its connection just stops reporting. The ops page tells the two apart.
alter table node_reports add column stopped boolean not null default false;
