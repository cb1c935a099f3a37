-- Does the monitor's table exist yet (the demo starts its workload once it does)?
SELECT to_regclass('public.sync_progress') IS NOT NULL AS present;
