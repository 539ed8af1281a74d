-- The id a sender's page gives a message before posting it: a retried post (same author, same
-- client id) answers with the message it already made instead of making a second one.
alter table messages add column client_id uuid;

/* [jooq ignore start] */
create unique index messages_client_id on messages (author_id, client_id);
/* [jooq ignore stop] */
