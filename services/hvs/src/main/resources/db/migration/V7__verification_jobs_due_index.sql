-- Workers claim due jobs in (not_before, id) order: one index gives that order without a sort.
CREATE INDEX verification_jobs_due ON verification_jobs (not_before, id) WHERE state = 'PENDING';
DROP INDEX verification_jobs_pending;
