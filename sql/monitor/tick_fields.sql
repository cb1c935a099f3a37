-- The fields of a monitor tick line before its times (monitor/active): the text fields through
-- monitor/copy_text (or monitor/copy_plain where nothing needs escaping), then the counts, never
-- NULL (concat_ws would skip a NULL and shift the fields after it).
:org_text, :sync_text, :entity_text, :source_text, :status_text,
coalesce(processed_count, 0), coalesce(:failed, 0), coalesce(total_items, 0)
