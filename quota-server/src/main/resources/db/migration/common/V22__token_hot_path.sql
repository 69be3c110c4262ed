-- Issue 17 (tokens): the consume route's writes made cheaper. See docs/performance/tokens.md.
--
-- 1. token_usage_event kept 7 secondary indexes, each written for every consume attempt. The queries that read the
--    table (llm.analytics.AnalyticsStore, dashboard.DashboardStore, prompt.lab.RndBudgets, the retention job) need
--    three of them:
--      ix_token_usage_purpose_time (purpose, provider, occurred_at)  analytics per provider (all name the purpose),
--                                                                     and the purpose prefix for the R&D sums
--      ix_token_usage_user_time    (user_id, occurred_at)            analytics and the audit trail per user
--      ix_token_usage_time         (occurred_at)                     dashboards' live days, rollups, retention
--    Dropped: ix_token_usage_org_time (no query filters org_id: the dashboards group by COALESCE(org_id, tenant_id),
--    which it cannot serve), ix_token_usage_provider_time (every query naming the provider names the purpose too:
--    ix_token_usage_purpose_time serves it), ix_token_usage_rnd_engineer and ix_token_usage_rnd_function (the R&D
--    budget sums read purpose = 'R&D' rows only, the lab's, a small part of the table; on PostgreSQL they come back
--    as partial indexes over those rows, which product inserts never touch: ../postgresql/V22_1).
DROP INDEX ix_token_usage_org_time;
DROP INDEX ix_token_usage_provider_time;
DROP INDEX ix_token_usage_rnd_engineer;
DROP INDEX ix_token_usage_rnd_function;

-- 2. Embedded (H2) reservations are decided in memory and journalled (llm.quota.QuotaBook): this one row says which
--    journal frames are already applied to token_quota, written in the same transaction as what they carried, so a
--    restart replays exactly the frames after it.
CREATE TABLE token_quota_journal (
    id           INT     NOT NULL PRIMARY KEY,
    applied_seq  BIGINT  NOT NULL
);
INSERT INTO token_quota_journal (id, applied_seq) VALUES (1, 0);
