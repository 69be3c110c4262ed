-- Directory group → role mappings (issue 15): members of group_id hold role (PROMPT_ENGINEER, BILLING_ADMIN,
-- TENANT_ADMIN or ADMIN) in the access tokens we issue them, besides their account's roles. group_id is the
-- directory's id (an Entra object id, or a local 'grp_…' id), so there is no foreign key: in Entra mode the group
-- lives in Microsoft's directory. A group may map to several roles, one row each. created_by is a user id.
CREATE TABLE directory_role_mapping (
    group_id    VARCHAR(64)  NOT NULL,
    role        VARCHAR(32)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  VARCHAR(100) NOT NULL,
    PRIMARY KEY (group_id, role)
);

-- One row: the mapping set's version. A replacement (PUT) or a deleted group's removal first updates this row,
-- which serialises writers on H2 and PostgreSQL alike (the row lock), so two replacements at once leave exactly one
-- of the two sets, never a mix; the version moves by one per write.
CREATE TABLE directory_role_mapping_set (
    id          INTEGER      NOT NULL PRIMARY KEY,
    version     BIGINT       NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE,
    updated_by  VARCHAR(100)
);

INSERT INTO directory_role_mapping_set (id, version) VALUES (1, 0);
