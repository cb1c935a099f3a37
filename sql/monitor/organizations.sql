-- Names of the organizations the monitor shows.
SELECT id, name FROM public.organization WHERE id = ANY ($1::uuid[]);
