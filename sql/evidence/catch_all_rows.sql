-- Rows sitting in the catch-all partition, per month.
SELECT to_char(date_trunc('month', created_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, count(*) AS rows
FROM :"partition"
GROUP BY 1 ORDER BY 1;
