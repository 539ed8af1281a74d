-- When a session was signed in (or renewed): a session is refused 14 days after it, however
-- often it is used. expires_at alone moved on with every use (the idle timeout), so a stolen
-- cookie replayed at least every 12 hours stayed good until someone signed out (a review).
alter table sessions add column created_at timestamptz not null default now();
