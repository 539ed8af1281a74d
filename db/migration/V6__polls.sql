-- Polls with hold-to-vote. Totals are kept as votes happen (poll_options.votes,
-- polls.total_votes, stats_counters, vote_minutes), by triggers, so no page ever counts votes.
create table polls (
    id          bigserial   primary key,
    question    text        not null check (length(question) between 1 and 200),
    status      text        not null default 'draft' check (status in ('draft', 'active', 'closed')),
    closes_at   timestamptz,
    total_votes integer     not null default 0,
    created_by  bigint      references users (id) on delete set null,
    created_at  timestamptz not null default now(),
    closed_at   timestamptz
);

create table poll_options (
    id       bigserial primary key,
    poll_id  bigint    not null references polls (id) on delete cascade,
    position integer   not null check (position between 1 and 10),
    label    text      not null check (length(label) between 1 and 100),
    votes    integer   not null default 0
);

-- One vote per member per poll: the primary key is the rule.
create table votes (
    poll_id   bigint      not null references polls (id) on delete cascade,
    user_id   bigint      not null references users (id) on delete cascade,
    option_id bigint      not null references poll_options (id) on delete cascade,
    cast_at   timestamptz not null default now(),
    primary key (poll_id, user_id)
);

-- A press on an option: the server's own record of when the hold began. A vote is cast only
-- from a hold that began at least 3 s before (by the database's clock) and was not let go.
create table vote_holds (
    id         bigserial   primary key,
    poll_id    bigint      not null references polls (id) on delete cascade,
    user_id    bigint      not null references users (id) on delete cascade,
    option_id  bigint      not null references poll_options (id) on delete cascade,
    started_at timestamptz not null default now(),
    ended_at   timestamptz
);

-- Site-wide totals for /stats, and votes per minute for "votes in the last hour".
create table stats_counters (
    name  varchar(20) primary key,
    value bigint      not null default 0
);
insert into stats_counters (name, value) values ('polls', 0), ('votes', 0), ('members', 0);

create table vote_minutes (
    minute timestamptz primary key,
    votes  integer     not null default 0
);

/* [jooq ignore start] */
create unique index poll_options_position on poll_options (poll_id, position);
create index polls_status on polls (status, closes_at);
create index vote_holds_open on vote_holds (user_id, poll_id) where ended_at is null;

update stats_counters set value = (select count(*) from users where role in ('MEMBER', 'ADMIN') and disabled_at is null) where name = 'members';

create function votes_count() returns trigger
language plpgsql as $$
begin
    update poll_options set votes = votes + 1 where id = new.option_id;
    update polls set total_votes = total_votes + 1 where id = new.poll_id;
    update stats_counters set value = value + 1 where name = 'votes';
    insert into vote_minutes (minute, votes) values (date_trunc('minute', new.cast_at), 1)
        on conflict (minute) do update set votes = vote_minutes.votes + 1;
    perform sb_publish('poll:' || new.poll_id, 'vote', new.poll_id);
    perform sb_publish('polls', 'vote', new.poll_id);
    perform sb_publish('stats', 'vote', null);
    return null;
end
$$;
create trigger votes_count after insert on votes for each row execute function votes_count();

create function polls_publish() returns trigger
language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        update stats_counters set value = value + 1 where name = 'polls';
        perform sb_publish('stats', 'poll', null);
    elsif tg_op = 'DELETE' then
        update stats_counters set value = value - 1 where name = 'polls';
        perform sb_publish('stats', 'poll', null);
        perform sb_publish('polls', 'poll.deleted', old.id);
        return null;
    elsif old.status is not distinct from new.status and old.question = new.question
          and old.closes_at is not distinct from new.closes_at then
        return null;  -- a vote's total: published by the vote itself
    end if;
    perform sb_publish('poll:' || new.id, 'poll.' || new.status, new.id);
    perform sb_publish('polls', 'poll.' || new.status, new.id);
    return null;
end
$$;
create trigger polls_publish after insert or update or delete on polls for each row execute function polls_publish();

create function users_count_members() returns trigger
language plpgsql as $$
declare
    was boolean := tg_op = 'UPDATE' and old.role in ('MEMBER', 'ADMIN') and old.disabled_at is null;
    now_member boolean := new.role in ('MEMBER', 'ADMIN') and new.disabled_at is null;
begin
    if was <> now_member then
        update stats_counters set value = value + (case when now_member then 1 else -1 end) where name = 'members';
        perform sb_publish('stats', 'member', null);
    end if;
    return null;
end
$$;
create trigger users_count_members after insert or update of role, disabled_at on users for each row execute function users_count_members();
/* [jooq ignore stop] */
