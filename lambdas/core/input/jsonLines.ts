import { LeadFileError } from '../csv/leadFileError';
import { isJsonObject, MAX_LEAD_CHARS, type JsonLead } from './jsonLead';

/**
 * Streams the leads of a JSON Lines file: one JSON object per line, blank lines skipped. Lines end at "\n"; a
 * "\r" before it is JSON whitespace, so CRLF files need nothing special. Errors name the line number only: the
 * offending text is lead data.
 */
export async function* jsonLinesLeads(text: AsyncIterable<string>): AsyncGenerator<JsonLead> {
  let lineNumber = 0;
  // The part of the current line seen so far. Only each new chunk is searched for "\n", so a long line that
  // arrives in many small chunks costs linear time.
  let pending = '';
  for await (const chunk of text) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
      lineNumber += 1;
      const line = pending + chunk.slice(start, end);
      pending = '';
      start = end + 1;
      const lead = parseLine(line, lineNumber);
      if (lead) yield lead;
    }
    pending += chunk.slice(start);
    if (pending.length > MAX_LEAD_CHARS) throw tooLong(lineNumber + 1);
  }
  if (pending !== '') {
    const lead = parseLine(pending, lineNumber + 1);
    if (lead) yield lead;
  }
}

function parseLine(line: string, lineNumber: number): JsonLead | undefined {
  if (line.length > MAX_LEAD_CHARS) throw tooLong(lineNumber);
  if (line.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new LeadFileError(`Line ${lineNumber} is not valid JSON.`);
  }
  if (!isJsonObject(value)) throw new LeadFileError(`Line ${lineNumber} is not a JSON object.`);
  return { fields: value, chars: line.length };
}

function tooLong(lineNumber: number): LeadFileError {
  return new LeadFileError(`Line ${lineNumber} is longer than ${MAX_LEAD_CHARS.toLocaleString('en-US')} characters; JSON Lines needs one lead per line.`);
}
