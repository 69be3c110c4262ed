-- Issue 17: the embedded server's usage ledger journals each group of events before answering and writes them to
-- usage_event / usage_counter behind (usage.JournaledUsageLedger). applied_seq is the last journal record written
-- here, updated in the same transaction as the rows, so a restart applies each journaled record exactly once.
-- Servers sharing PostgreSQL do not journal (the database decides); their row stays at 0.
CREATE TABLE usage_journal_checkpoint (
    name         VARCHAR(32) NOT NULL PRIMARY KEY,
    applied_seq  BIGINT      NOT NULL
);
INSERT INTO usage_journal_checkpoint (name, applied_seq) VALUES ('usage', 0);
