/** What a caller does with a line that grows past its bound (lead data must not be held without limit). */
export interface LineLimit {
  maxChars: number;
  tooLong: (lineNumber: number) => Error;
}

/**
 * The lines of a text stream, without their "\n" (a "\r" before it stays: to JSON it is whitespace). Only each new
 * chunk is searched for "\n", so a long line that arrives in many small chunks costs linear time. Written here
 * because node:readline's async iterator costs several promises and an event per line, which made it the hottest
 * function of a large local run.
 */
export async function* linesOf(text: AsyncIterable<string>, limit?: LineLimit): AsyncGenerator<string> {
  let lineNumber = 0;
  let pending = '';
  for await (const chunk of text) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
      lineNumber += 1;
      const line = pending + chunk.slice(start, end);
      pending = '';
      start = end + 1;
      if (limit && line.length > limit.maxChars) throw limit.tooLong(lineNumber);
      yield line;
    }
    pending += chunk.slice(start);
    if (limit && pending.length > limit.maxChars) throw limit.tooLong(lineNumber + 1);
  }
  if (pending !== '') yield pending;
}
