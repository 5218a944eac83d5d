import { LeadFileError } from '../csv/leadFileError';
import { isJsonObject, MAX_LEAD_CHARS, type JsonLead } from './jsonLead';

/**
 * Streams the leads of a JSON file: a top-level array of objects, or an object with a "leads" array (other fields
 * of that object are checked and skipped). Memory holds one lead at a time, not the file.
 *
 * Why a scanner of our own: JSON.parse needs the whole text, and no streaming JSON parser is a dependency. Rather
 * than a bracket counter that cuts the text at top-level commas (which accepts broken files), this is a complete
 * JSON syntax checker: a pushdown automaton with one frame per open array or object, and a lexer for strings
 * (escapes included) and literals. It only decides where each lead's text starts and ends; JSON.parse turns that
 * text into the object, so values are decoded exactly as JSON.parse decodes them. A file is accepted if and only
 * if JSON.parse would accept it (the tests compare the two on many broken variants).
 *
 * Leads are yielded as soon as they end, so a file broken further down fails after its first leads were read,
 * as a CSV file with a broken row does. Errors name a line and a lead number, never the text found there.
 */
export async function* jsonArrayLeads(text: AsyncIterable<string>): AsyncGenerator<JsonLead> {
  const scanner = new JsonLeadScanner();
  for await (const chunk of text) yield* scanner.scan(chunk);
  scanner.end();
}

type Frame =
  | { kind: 'array'; state: 'first' | 'value' | 'after'; holdsLeads: boolean }
  | { kind: 'object'; state: 'first' | 'key' | 'colon' | 'value' | 'after'; isLead: boolean; nextIsLeads: boolean };

/** What a value about to begin will be, decided by where it begins. */
type ValueRole = 'leads' | 'lead' | 'other';

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const LOWER_U = 0x75;

/** The characters that may follow a backslash in a JSON string, "u" aside: " \ / b f n r t. */
const SIMPLE_ESCAPES = new Set([...'"\\/bfnrt'].map((c) => c.charCodeAt(0)));
/** A literal runs until a character that cannot be part of any literal, then the whole of it is checked. */
const LITERAL_CHAR = /[0-9A-Za-z+\-.]/;
const LITERAL = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)$/;
const LITERAL_START = /[-0-9tfn]/;
const HEX_DIGIT = /[0-9A-Fa-f]/;

const LIMIT = MAX_LEAD_CHARS.toLocaleString('en-US');
const SHAPE_MESSAGE = 'The JSON file must be an array of leads, or an object with a "leads" array.';

class JsonLeadScanner {
  private readonly stack: Frame[] = [];
  private root: 'start' | 'array' | 'object' = 'start';
  private rootDone = false;
  private leadsSeen = false;
  private leadCount = 0;
  private line = 1;
  private leadStartLine = 1;

  private inString = false;
  private stringIsKey = false;
  private afterBackslash = false;
  private hexDigitsLeft = 0;
  private inLiteral = false;

  /** Records the text of the lead being read. */
  private readonly lead = new Recorder();
  /** Records a literal, or a key of the root object (to spot "leads"). */
  private readonly token = new Recorder();

  *scan(chunk: string): Generator<JsonLead> {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.inString) {
        this.stringChar(c, chunk, i);
        continue;
      }
      if (this.inLiteral) {
        if (LITERAL_CHAR.test(chunk[i] ?? '')) continue;
        this.endLiteral(chunk, i);
      }
      const lead = this.structuralChar(c, chunk, i);
      if (lead) yield lead;
    }
    // Carry partly read text over to the next chunk; the limit keeps a runaway value from filling memory.
    if (this.lead.carry(chunk) > MAX_LEAD_CHARS) throw this.leadTooLong();
    if (this.token.carry(chunk) > MAX_LEAD_CHARS) {
      throw new LeadFileError(`A value on line ${this.line} is longer than ${LIMIT} characters.`);
    }
  }

  end(): void {
    if (this.inLiteral) this.endLiteral('', 0);
    if (this.inString || this.stack.length > 0) {
      throw new LeadFileError('The file is not valid JSON: it ends before the leads are closed (it may be truncated).');
    }
    // An empty file yields no leads, and the caller reports "no leads" for it as for an empty array.
    if (this.root === 'object' && !this.leadsSeen) throw new LeadFileError(SHAPE_MESSAGE);
  }

  private stringChar(c: number, chunk: string, i: number): void {
    if (this.hexDigitsLeft > 0) {
      if (!HEX_DIGIT.test(chunk[i] ?? '')) throw this.malformed();
      this.hexDigitsLeft -= 1;
    } else if (this.afterBackslash) {
      this.afterBackslash = false;
      if (c === LOWER_U) this.hexDigitsLeft = 4;
      else if (!SIMPLE_ESCAPES.has(c)) throw this.malformed();
    } else if (c === BACKSLASH) {
      this.afterBackslash = true;
    } else if (c === QUOTE) {
      this.inString = false;
      if (this.stringIsKey) this.endKey(chunk, i);
      else this.valueDone();
    } else if (c < SPACE) {
      // Raw control characters (a line break included) must be escaped inside JSON strings.
      throw this.malformed();
    }
  }

  private structuralChar(c: number, chunk: string, i: number): JsonLead | undefined {
    switch (c) {
      case SPACE:
      case TAB:
      case CR:
        return undefined;
      case LF:
        this.line += 1;
        return undefined;
      case OPEN_ARRAY: {
        const role = this.beginValue(c, i);
        this.stack.push({ kind: 'array', state: 'first', holdsLeads: role === 'leads' });
        return undefined;
      }
      case OPEN_OBJECT: {
        const role = this.beginValue(c, i);
        this.stack.push({ kind: 'object', state: 'first', isLead: role === 'lead', nextIsLeads: false });
        return undefined;
      }
      case CLOSE_ARRAY:
      case CLOSE_OBJECT:
        return this.close(c, chunk, i);
      case COMMA: {
        const top = this.stack.at(-1);
        if (top?.state !== 'after') throw this.malformed();
        top.state = top.kind === 'array' ? 'value' : 'key';
        return undefined;
      }
      case COLON: {
        const top = this.stack.at(-1);
        if (top?.kind !== 'object' || top.state !== 'colon') throw this.malformed();
        top.state = 'value';
        return undefined;
      }
      case QUOTE: {
        const top = this.stack.at(-1);
        this.inString = true;
        if (top?.kind === 'object' && (top.state === 'first' || top.state === 'key')) {
          this.stringIsKey = true;
          // Only the root object's keys matter (one of them may be "leads"); deeper keys are left to JSON.parse.
          if (this.isRootObject(top)) this.token.start(i);
        } else {
          this.stringIsKey = false;
          this.beginValue(c, i);
        }
        return undefined;
      }
      default:
        if (!LITERAL_START.test(chunk[i] ?? '')) throw this.malformed();
        this.beginValue(c, i);
        this.inLiteral = true;
        this.token.start(i);
        return undefined;
    }
  }

  /** Checks that a value may begin here and says what it is: the leads array, one lead, or anything else. */
  private beginValue(c: number, i: number): ValueRole {
    const top = this.stack.at(-1);
    if (top === undefined) {
      if (this.rootDone) throw this.malformed();
      if (c === OPEN_ARRAY) this.root = 'array';
      else if (c === OPEN_OBJECT) this.root = 'object';
      else throw new LeadFileError(SHAPE_MESSAGE);
      this.leadsSeen = c === OPEN_ARRAY;
      return c === OPEN_ARRAY ? 'leads' : 'other';
    }
    if (top.kind === 'array' ? top.state === 'after' : top.state !== 'value') throw this.malformed();
    if (top.kind === 'array' && top.holdsLeads) {
      if (c !== OPEN_OBJECT) {
        throw new LeadFileError(`Lead ${this.leadCount + 1} is not a JSON object. It begins on line ${this.line}.`);
      }
      this.lead.start(i);
      this.leadStartLine = this.line;
      return 'lead';
    }
    if (top.kind === 'object' && top.nextIsLeads) {
      if (c !== OPEN_ARRAY) throw new LeadFileError('The "leads" field of the JSON file must be an array of leads.');
      // JSON.parse would silently keep the last of two "leads"; reading the first and dropping the second is worse.
      if (this.leadsSeen) throw new LeadFileError('The JSON file has more than one "leads" field.');
      this.leadsSeen = true;
      return 'leads';
    }
    return 'other';
  }

  private close(c: number, chunk: string, i: number): JsonLead | undefined {
    const top = this.stack.at(-1);
    const kind = c === CLOSE_OBJECT ? 'object' : 'array';
    // 'first' allows an empty container; 'value' or 'key' here would be a trailing comma.
    if (top?.kind !== kind || (top.state !== 'first' && top.state !== 'after')) throw this.malformed();
    this.stack.pop();
    const lead = top.kind === 'object' && top.isLead ? this.endLead(chunk, i + 1) : undefined;
    this.valueDone();
    return lead;
  }

  private endLead(chunk: string, end: number): JsonLead {
    const text = this.lead.finish(chunk, end);
    // Checked here too, not only between chunks, so that the limit does not depend on how the file was chunked.
    if (text.length > MAX_LEAD_CHARS) throw this.leadTooLong();
    this.leadCount += 1;
    let fields: unknown;
    try {
      fields = JSON.parse(text);
    } catch {
      // Unreachable if the scanner is right: it has already checked this text.
      throw this.malformed();
    }
    if (!isJsonObject(fields)) throw this.malformed();
    return { fields, chars: text.length };
  }

  private endKey(chunk: string, quoteIndex: number): void {
    const top = this.stack.at(-1);
    if (top?.kind !== 'object') throw this.malformed();
    top.state = 'colon';
    if (this.isRootObject(top)) top.nextIsLeads = JSON.parse(this.token.finish(chunk, quoteIndex + 1)) === 'leads';
  }

  private endLiteral(chunk: string, end: number): void {
    this.inLiteral = false;
    if (!LITERAL.test(this.token.finish(chunk, end))) throw this.malformed();
    this.valueDone();
  }

  private valueDone(): void {
    const top = this.stack.at(-1);
    if (top === undefined) this.rootDone = true;
    else top.state = 'after';
  }

  private isRootObject(frame: Frame): boolean {
    return this.root === 'object' && this.stack.length === 1 && this.stack[0] === frame;
  }

  private malformed(): LeadFileError {
    return new LeadFileError(`The file is not valid JSON: unexpected character on line ${this.line}.`);
  }

  private leadTooLong(): LeadFileError {
    return new LeadFileError(`Lead ${this.leadCount + 1} is longer than ${LIMIT} characters. It begins on line ${this.leadStartLine}.`);
  }
}

/** Collects the text of one token or lead across chunk boundaries, from a start index to an end index. */
class Recorder {
  private parts: string[] = [];
  /** Where recording resumes in the current chunk; -1 when not recording. */
  private from = -1;
  private length = 0;

  start(index: number): void {
    this.parts = [];
    this.from = index;
    this.length = 0;
  }

  /** At the end of a chunk: keeps its recorded part. Returns the length recorded so far. */
  carry(chunk: string): number {
    if (this.from < 0) return 0;
    const part = chunk.slice(this.from);
    this.parts.push(part);
    this.length += part.length;
    this.from = 0;
    return this.length;
  }

  /** Ends recording just before `end` in the current chunk and returns the whole text. */
  finish(chunk: string, end: number): string {
    const text = this.parts.join('') + chunk.slice(this.from, end);
    this.parts = [];
    this.from = -1;
    this.length = 0;
    return text;
  }
}
