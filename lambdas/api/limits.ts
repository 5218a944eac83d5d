/**
 * The largest request body POST /jobs accepts. A Lambda request payload is limited to 6 MB (6,291,456 bytes),
 * and the body travels inside the event: a CSV body (a binary media type on the REST API) base64-encoded, a
 * third larger, and a JSON body as an escaped JSON string. 5 MiB of CSV would arrive as about 7 MB and be
 * refused before our code runs; 4 MiB becomes about 5.6 MB and fits with room for the event's envelope.
 * Larger files go through POST /uploads.
 */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Leads per JSON request: more than this is a file, better sent through POST /uploads. */
export const MAX_LEADS_PER_REQUEST = 10_000;

/** The default of maxInputMegabytes (lib/config.ts): a file larger than Prepare would read is refused at upload. */
export const DEFAULT_MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

/** Long enough to upload a large file over a slow link, short enough that a leaked URL soon dies. */
export const UPLOAD_URL_SECONDS = 15 * 60;

/** Result links are fetched right after the job is looked at; a fresh GET /results gives new ones. */
export const RESULT_URL_SECONDS = 60 * 60;
