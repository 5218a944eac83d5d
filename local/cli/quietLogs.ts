// Imported first by the CLI: handler loggers read their level when their modules load, and on one machine
// only warnings belong next to the progress bar. LEADFLOW users can still set POWERTOOLS_LOG_LEVEL.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
export {};
