-- One round trip and nothing else: the app's latency figure.
SELECT 1 AS ok;
