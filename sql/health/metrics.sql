-- Seed 004's key metrics over the last $1 minutes: active syncs, average speed, average
-- duration, success and error rates. :success_status / :error_statuses follow the log's shape.
SELECT
  (SELECT count(*) FROM public.sync_progress WHERE completed_at IS NULL) AS active_syncs,
  (SELECT round(avg(speed_items_per_min), 2) FROM public.sync_progress WHERE completed_at IS NULL) AS avg_speed_active,
  (SELECT round(avg(speed_items_per_min), 2) FROM public.sync_progress) AS avg_speed_all,
  (SELECT count(*) FROM public.sync_progress WHERE completed_at >= now() - make_interval(mins => $1::int)) AS completed_in_window,
  -- A row whose times are infinite has no duration (and PostgreSQL 15 cannot subtract them): it is left out.
  (SELECT round(avg(extract(epoch FROM completed_at - started_at))::numeric, 1)
     FROM public.sync_progress WHERE completed_at >= now() - make_interval(mins => $1::int)
       AND isfinite(completed_at) AND isfinite(started_at)) AS avg_duration_seconds,
  (SELECT count(*) FROM public.sync_activity_log WHERE created_at >= now() - make_interval(mins => $1::int)) AS log_entries,
  (SELECT round(count(*) FILTER (WHERE status::text = 'completed')::numeric / nullif(count(*), 0), 4)
     FROM public.sync_activity_log WHERE created_at >= now() - make_interval(mins => $1::int)) AS success_rate,
  (SELECT round(count(*) FILTER (WHERE status::text IN ('failed', 'completed_with_errors'))::numeric / nullif(count(*), 0), 4)
     FROM public.sync_activity_log WHERE created_at >= now() - make_interval(mins => $1::int)) AS error_rate;
