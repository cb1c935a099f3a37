-- A partition as the export recorded it; :bound is the server's own text of its bounds
-- (pg_get_expr of relpartbound, e.g. FOR VALUES FROM ('2026-03-01 00:00:00+00') TO ('2026-04-01 00:00:00+00')).
CREATE TABLE :"partition" PARTITION OF :"parent" :bound;
