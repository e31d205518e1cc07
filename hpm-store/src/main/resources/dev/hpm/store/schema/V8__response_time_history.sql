-- HPM store, schema version 8: the history of response-time classes. A class with a response-time
-- goal keeps its goal (rt_goal, e.g. "p90 200ms"; NULL for velocity and discretionary classes),
-- the requests its servers completed in the interval on the host and the sum of their times in ms,
-- so that a bucket of several intervals, or a class over several hosts, has its PI
-- (docs/workload-balancing.md, "Response-time goals"). A server of such a class keeps the goal too
-- (its PI per interval is in pi). Rows written before have NULL there.
ALTER TABLE class_history ADD COLUMN rt_goal VARCHAR(64);
ALTER TABLE class_history ADD COLUMN completions BIGINT;
ALTER TABLE class_history ADD COLUMN rt_millis DOUBLE PRECISION;
ALTER TABLE server_history ADD COLUMN rt_goal VARCHAR(64);
