import { LeadFileError } from '../csv/leadFileError';
import { linesOf } from '../lines';
import { isJsonObject, MAX_LEAD_CHARS, type JsonLead } from './jsonLead';

/**
 * Streams the leads of a JSON Lines file: one JSON object per line, blank lines skipped. Lines end at "\n"; a
 * "\r" before it is JSON whitespace, so CRLF files need nothing special. Errors name the line number only: the
 * offending text is lead data.
 */
export async function* jsonLinesLeads(text: AsyncIterable<string>): AsyncGenerator<JsonLead> {
  let lineNumber = 0;
  for await (const line of linesOf(text, { maxChars: MAX_LEAD_CHARS, tooLong })) {
    lineNumber += 1;
    const lead = parseLine(line, lineNumber);
    if (lead) yield lead;
  }
}

function parseLine(line: string, lineNumber: number): JsonLead | undefined {
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
