// Imported first by the CLI, because these settings are read when modules load: handler loggers take their
// level at import. On one machine only warnings belong next to the progress bar; users can still set
// POWERTOOLS_LOG_LEVEL.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
// Metrics are EMF lines on stdout for CloudWatch to extract; here they would bury the summary.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
export {};
