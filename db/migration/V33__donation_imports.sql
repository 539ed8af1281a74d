-- What each donations import took in: the SHA-256 of its CSV as normalised (no byte order mark,
-- LF line ends, no trailing blank lines), how many donations, who and when. A reload of the
-- page that answered an import sent it again and stored every donation twice; the same CSV sent
-- a second time is now refused with when it was imported before, unless the person says to
-- import it again (the import takes a lock on the hash, so two sends at once cannot both pass).
create table donation_imports (
    id               bigserial    primary key,
    sha256           char(64)     not null check (sha256 ~ '^[0-9a-f]{64}$'),
    donations        integer      not null check (donations > 0),
    imported_by      bigint       references users (id) on delete set null,
    imported_by_name text         not null,
    imported_at      timestamptz  not null default now()
);

create index donation_imports_by_sha on donation_imports (sha256, imported_at);
