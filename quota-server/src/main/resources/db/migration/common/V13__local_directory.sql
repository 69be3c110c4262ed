-- The local directory (issue 15): groups and their members kept in our database over our own accounts, the dry-run
-- of Microsoft Entra and the default without FAMILIAR_ENTRA_* settings. Ids are 'grp_' + 32 hex digits.
-- sort_key is the lower-cased display name (the listing's keyset with id); name_words is the display name's words,
-- lower-cased, each preceded by one space (' prompt engineers'), so "a word starts with the search term" is the
-- portable LIKE '% term%' on H2 and PostgreSQL alike. Both are written by the store, never by hand.
CREATE TABLE directory_group (
    id            VARCHAR(40)   NOT NULL PRIMARY KEY,
    display_name  VARCHAR(256)  NOT NULL,
    description   VARCHAR(1024),
    sort_key      VARCHAR(600)  NOT NULL,
    name_words    VARCHAR(600)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_directory_group_sort ON directory_group (sort_key, id);

-- Direct memberships; the primary key makes concurrent adds of one person idempotent (the loser sees 23505).
-- Accounts are never deleted (only anonymised), so the user reference needs no cascade.
CREATE TABLE directory_member (
    group_id  VARCHAR(40)  NOT NULL REFERENCES directory_group (id) ON DELETE CASCADE,
    user_id   VARCHAR(36)  NOT NULL REFERENCES app_user (id),
    added_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (group_id, user_id)
);

CREATE INDEX ix_directory_member_user ON directory_member (user_id);
