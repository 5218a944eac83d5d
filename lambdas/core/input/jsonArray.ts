import { Tokenizer, TokenizerError, TokenParser, TokenParserError, TokenType, type ParsedElementInfo, type ParsedTokenInfo } from '@streamparser/json';
import { LeadFileError } from '../csv/leadFileError';
import { isJsonObject, MAX_LEAD_CHARS, type JsonLead } from './jsonLead';

/**
 * Streams the leads of a JSON file: a top-level array of objects, or an object with a "leads" array (other fields
 * of that object are checked and skipped). Memory holds one lead at a time, not the file.
 *
 * The JSON itself is read by @streamparser/json (docs/toolchain.md, "Streaming JSON" has the measurements that
 * chose it): its tokenizer accepts what JSON.parse accepts, and its token parser builds only the values at the
 * leads' path, dropping each one once it is handed over (`keepStack: false`). This adapter adds what a lead file
 * needs on top: the two shapes, their errors, line numbers, and the per-lead size limit.
 *
 * Leads are yielded as soon as they end, so a file broken further down fails after its first leads were read,
 * as a CSV file with a broken row does. Errors name a line and a lead number, never the text found there (the
 * library's own messages quote it, so none of them is passed on).
 */
export async function* jsonArrayLeads(text: AsyncIterable<string>): AsyncGenerator<JsonLead> {
  const reader = new LeadReader();
  for await (const chunk of text) {
    const failure = reader.write(chunk);
    // The leads that ended before a syntax error in the same chunk are still read first.
    yield* reader.takeLeads();
    if (failure) throw failure;
  }
  const failure = reader.end();
  yield* reader.takeLeads();
  if (failure) throw failure;
}

const LF = 0x0a;
/** Tokens that cannot begin a value: a file that begins with one is broken, not of another shape. */
const PUNCTUATION = new Set([TokenType.RIGHT_BRACE, TokenType.RIGHT_BRACKET, TokenType.COMMA, TokenType.COLON]);
/** In the tokenizer's message: `Unexpected "…" at chunk position "…" (absolute position "N") in state …`. */
const TOKENIZER_POSITION = /\(absolute position "(\d+)"\)/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const BACKSLASH = 0x5c;
const LIMIT = MAX_LEAD_CHARS.toLocaleString('en-US');
const SHAPE_MESSAGE = 'The JSON file must be an array of leads, or an object with a "leads" array.';
const TRUNCATED_MESSAGE = 'The file is not valid JSON: it ends before the leads are closed (it may be truncated).';

/** How many backslashes come right before `end` in `text`; `carried` ended the text before it. */
function backslashesBefore(text: string, end: number, carried: number): number {
  let i = end - 1;
  while (i >= 0 && text.charCodeAt(i) === BACKSLASH) i -= 1;
  return end - 1 - i + (i < 0 ? carried : 0);
}

class LeadReader {
  /** Partial tokens (a string or number still open when a write ends) let a runaway value be stopped early. */
  private readonly tokenizer = new Tokenizer({ emitPartialTokens: true });
  /** Made at the first token, when the file's shape tells which path holds the leads. */
  private parser: TokenParser | undefined;
  private readonly text = new TextPositions();
  private ready: JsonLead[] = [];

  private root: 'array' | 'object' | undefined;
  /** Containers open before the token being followed. */
  private depth = 0;
  /** The depth at which each lead begins: inside the root array, or inside the root object's "leads" array. */
  private leadDepth = 1;
  private inLeads = false;
  private leadsSeen = false;
  private expectRootKey = false;
  private nextIsLeads = false;

  private leadCount = 0;
  /** The lead being read; its line is counted only when a message needs it, or before its first chunk goes. */
  private lead: { startByte: number; startChar: number; line?: number } | undefined;
  private leadValue: unknown;
  /** Byte offset of the token being handed to the parser: where the parser's errors are. */
  private tokenOffset = 0;
  /** A high surrogate that ended the previous chunk, held until its low half arrives. */
  private heldSurrogate = '';
  /** Backslashes that ended the text read so far (a lone surrogate after them needs their count). */
  private trailingBackslashes = 0;

  constructor() {
    this.tokenizer.onToken = (token) => this.onToken(token);
    // Reached when the input ends, or when the root value closes (more than whitespace after it is an error).
    this.tokenizer.onEnd = () => {
      if (this.parser !== undefined && !this.parser.isEnded) throw new LeadFileError(TRUNCATED_MESSAGE);
    };
  }

  /** Reads one chunk. Returns the error that stopped it (the leads read before it are still to be taken). */
  write(chunk: string): LeadFileError | undefined {
    let text = this.heldSurrogate + chunk;
    this.heldSurrogate = '';
    const last = text.charCodeAt(text.length - 1);
    // Encoded alone, half of a pair split between chunks would turn into U+FFFD.
    if (last >= 0xd800 && last <= 0xdbff) {
      this.heldSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    return this.guard(
      () => this.feed(text),
      (error) => this.refused(error),
    );
  }

  end(): LeadFileError | undefined {
    const failure = this.guard(
      () => this.feed(this.heldSurrogate),
      (error) => this.refused(error),
    );
    if (failure) return failure;
    // What the tokenizer refuses at the end is a string, number or literal left open.
    return this.guard(
      () => {
        if (!this.tokenizer.isEnded) this.tokenizer.end();
        // An empty file yields no leads, and the caller reports "no leads" for it as for an empty array.
        if (this.root === 'object' && !this.leadsSeen) throw new LeadFileError(SHAPE_MESSAGE);
      },
      () => new LeadFileError(TRUNCATED_MESSAGE),
    );
  }

  takeLeads(): JsonLead[] {
    const leads = this.ready;
    this.ready = [];
    return leads;
  }

  private feed(raw: string): void {
    this.tokenizer.write(this.text.next(this.withoutLoneSurrogates(raw)));
    if (this.lead) {
      // Checked between chunks too, so that a lead without an end cannot fill memory.
      if (this.text.charEnd - this.lead.startChar > MAX_LEAD_CHARS) throw this.leadTooLong();
      this.lead.line ??= this.text.lineAt(this.lead.startByte);
    }
  }

  /**
   * UTF-8 has no form for a lone surrogate (encoding one gives U+FFFD), yet JSON.parse keeps one found in a string
   * (a UTF-16 file can hold one). Written as its \\u escape it decodes to the same code unit. Right after an odd
   * run of backslashes it would be the character escaped, which JSON.parse refuses: an "x" keeps that refusal.
   * Outside a string either replacement is refused, as the surrogate is. (The escape counts as six characters of
   * the lead's size: a lead's size only bounds memory.)
   */
  private withoutLoneSurrogates(text: string): string {
    const carried = this.trailingBackslashes;
    this.trailingBackslashes = backslashesBefore(text, text.length, carried);
    if (text.isWellFormed()) return text;
    return text.replace(LONE_SURROGATE, (unit: string, at: number) =>
      backslashesBefore(text, at, carried) % 2 === 1 ? 'x' : `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }

  /** Runs a step; the library's errors become `libraryError(…)`, LeadFileErrors are returned, the rest thrown. */
  private guard(step: () => void, libraryError: (error: TokenizerError | TokenParserError) => LeadFileError): LeadFileError | undefined {
    try {
      step();
      return undefined;
    } catch (error) {
      if (error instanceof LeadFileError) return error;
      // The library's messages quote the text where parsing stopped, which is lead data: never passed on.
      if (error instanceof TokenizerError || error instanceof TokenParserError) return libraryError(error);
      throw error;
    }
  }

  private onToken(token: ParsedTokenInfo): void {
    if (token.partial) {
      this.checkOpenValue(token);
      return;
    }
    this.parser ??= this.parserFor(token);
    this.tokenOffset = token.offset;
    // The parser checks the token first, so what follows sees only valid JSON.
    this.parser.write(token);
    this.follow(token);
  }

  private parserFor(first: ParsedTokenInfo): TokenParser {
    if (first.token === TokenType.LEFT_BRACKET) this.root = 'array';
    else if (first.token === TokenType.LEFT_BRACE) this.root = 'object';
    else if (PUNCTUATION.has(first.token)) throw new LeadFileError(this.malformedAt(first.offset));
    else throw new LeadFileError(SHAPE_MESSAGE);
    const parser = new TokenParser({ paths: [this.root === 'array' ? '$.*' : '$.leads.*'], keepStack: false });
    parser.onValue = (info: ParsedElementInfo) => {
      this.leadValue = info.value;
    };
    parser.onError = (error) => {
      throw error;
    };
    parser.onEnd = () => {
      if (!this.tokenizer.isEnded) this.tokenizer.end();
    };
    return parser;
  }

  /** Keeps track of where the token stands: the root's keys, the leads array, the start and end of each lead. */
  private follow(token: ParsedTokenInfo): void {
    switch (token.token) {
      case TokenType.LEFT_BRACE:
      case TokenType.LEFT_BRACKET:
        this.valueBegins(token);
        this.depth += 1;
        return;
      case TokenType.RIGHT_BRACE:
      case TokenType.RIGHT_BRACKET:
        this.depth -= 1;
        if (this.lead && this.depth === this.leadDepth) this.leadEnds(token.offset);
        else if (this.root === 'object' && this.inLeads && this.depth === 1) this.inLeads = false;
        return;
      case TokenType.COMMA:
        if (this.root === 'object' && this.depth === 1) this.expectRootKey = true;
        return;
      case TokenType.COLON:
        return;
      case TokenType.STRING:
        if (this.root === 'object' && this.depth === 1 && this.expectRootKey) {
          this.expectRootKey = false;
          // The key comes unescaped: "le\u0061ds" is "leads", as for JSON.parse.
          this.nextIsLeads = token.value === 'leads';
          return;
        }
        this.valueBegins(token);
        return;
      default:
        this.valueBegins(token);
    }
  }

  private valueBegins(token: ParsedTokenInfo): void {
    if (this.depth === 0) {
      this.inLeads = this.root === 'array';
      this.leadsSeen = this.inLeads;
      this.leadDepth = this.root === 'array' ? 1 : 2;
      this.expectRootKey = this.root === 'object';
      return;
    }
    if (this.root === 'object' && this.depth === 1) {
      if (!this.nextIsLeads) return;
      this.nextIsLeads = false;
      if (token.token !== TokenType.LEFT_BRACKET) {
        throw new LeadFileError('The "leads" field of the JSON file must be an array of leads.');
      }
      // JSON.parse would silently keep the last of two "leads"; reading the first and dropping the second is worse.
      if (this.leadsSeen) throw new LeadFileError('The JSON file has more than one "leads" field.');
      this.leadsSeen = true;
      this.inLeads = true;
      return;
    }
    if (!this.inLeads || this.depth !== this.leadDepth) return;
    if (token.token !== TokenType.LEFT_BRACE) {
      const line = this.text.lineAt(token.offset);
      throw new LeadFileError(`Lead ${this.leadCount + 1} is not a JSON object. It begins on line ${line}.`);
    }
    this.lead = { startByte: token.offset, startChar: this.text.charAt(token.offset) };
  }

  private leadEnds(closingOffset: number): void {
    const lead = this.lead;
    this.lead = undefined;
    if (lead === undefined) return;
    const chars = this.text.charAt(closingOffset) + 1 - lead.startChar;
    // Checked here too, not only between chunks, so that the limit does not depend on how the file was chunked.
    if (chars > MAX_LEAD_CHARS) throw this.leadTooLong(lead);
    const fields = this.leadValue;
    this.leadValue = undefined;
    // Unreachable if the parser is right: the value that just closed at the leads' path is this object.
    if (!isJsonObject(fields)) throw this.malformed();
    this.leadCount += 1;
    this.ready.push({ fields, chars });
  }

  /** A string or number still open at the end of a write, outside any lead (a lead has its own limit). */
  private checkOpenValue(token: ParsedTokenInfo): void {
    if (this.lead) return;
    let length: number;
    if (token.token === TokenType.STRING && typeof token.value === 'string') length = token.value.length;
    // A number is ASCII: its bytes are its characters.
    else if (token.token === TokenType.NUMBER) length = this.text.byteEnd - token.offset;
    else return;
    if (length > MAX_LEAD_CHARS) {
      // Partial tokens come at the end of a chunk, which is still inside the value, on its line.
      throw new LeadFileError(`A value on line ${this.text.lineAt(this.text.byteEnd)} is longer than ${LIMIT} characters.`);
    }
  }

  /** A file that does not even begin with a value is of the wrong shape (a CSV file named .json, say). */
  private refused(error: TokenizerError | TokenParserError): LeadFileError {
    return this.parser === undefined ? new LeadFileError(SHAPE_MESSAGE) : this.malformed(error);
  }

  /**
   * Where the library stopped. The tokenizer tells its position only in its message, which is read for the number
   * alone (the version is pinned, and the tests that expect a line catch a change of wording); the token parser
   * stops at the token it was given.
   */
  private malformed(error?: TokenizerError | TokenParserError): LeadFileError {
    const position = error instanceof TokenizerError ? TOKENIZER_POSITION.exec(error.message)?.[1] : undefined;
    return new LeadFileError(this.malformedAt(position === undefined ? this.tokenOffset : Number(position)));
  }

  private malformedAt(byteOffset: number): string {
    return `The file is not valid JSON: unexpected character on line ${this.text.lineAt(byteOffset)}.`;
  }

  private leadTooLong(lead = this.lead): LeadFileError {
    const line = lead?.line ?? (lead ? this.text.lineAt(lead.startByte) : this.text.lineAt(this.text.byteEnd));
    return new LeadFileError(`Lead ${this.leadCount + 1} is longer than ${LIMIT} characters. It begins on line ${line}.`);
  }
}

/**
 * The tokenizer counts UTF-8 bytes from the start of the file. Messages name lines, and a lead's size is counted in
 * characters (UTF-16 code units), as JSON Lines and CSV count theirs: this turns a byte offset in the current
 * chunk into either.
 */
class TextPositions {
  /** Bytes, characters and line breaks before the current chunk. */
  private byteBase = 0;
  private charBase = 0;
  private lineBase = 1;
  private bytes = Buffer.alloc(0);
  private chars = 0;
  private ascii = true;
  /** In a chunk that is not all ASCII: how far it has been decoded, in bytes and in characters. */
  private cursorByte = 0;
  private cursorChar = 0;
  /** How far line breaks have been counted in the current chunk, and the line reached there. */
  private lineCursorByte = 0;
  private lineCursor = 1;

  /** Starts the next chunk; returns its UTF-8 bytes. */
  next(text: string): Buffer {
    this.lineBase = this.lineAt(this.byteEnd);
    this.byteBase += this.bytes.length;
    this.charBase += this.chars;
    this.bytes = Buffer.from(text, 'utf8');
    this.chars = text.length;
    // A character outside ASCII takes more than one byte per code unit, so equal lengths mean all ASCII.
    this.ascii = this.bytes.length === text.length;
    this.cursorByte = 0;
    this.cursorChar = 0;
    this.lineCursorByte = 0;
    this.lineCursor = this.lineBase;
    return this.bytes;
  }

  /** Bytes up to the end of the current chunk. */
  get byteEnd(): number {
    return this.byteBase + this.bytes.length;
  }

  /** Characters up to the end of the current chunk. */
  get charEnd(): number {
    return this.charBase + this.chars;
  }

  /**
   * The line of a byte offset in the current chunk (an earlier offset gets the chunk's first line). Asked for in
   * increasing order but for errors, so each chunk's line breaks are counted about once.
   */
  lineAt(byteOffset: number): number {
    const inChunk = Math.min(Math.max(byteOffset - this.byteBase, 0), this.bytes.length);
    if (inChunk < this.lineCursorByte) {
      this.lineCursorByte = 0;
      this.lineCursor = this.lineBase;
    }
    for (let at = this.bytes.indexOf(LF, this.lineCursorByte); at !== -1 && at < inChunk; at = this.bytes.indexOf(LF, at + 1)) {
      this.lineCursor += 1;
    }
    this.lineCursorByte = inChunk;
    return this.lineCursor;
  }

  /**
   * The character offset of a byte offset in the current chunk. Offsets are asked for in increasing order within
   * a chunk (tokens arrive in order), so each byte of a chunk that is not all ASCII is decoded once more, no more.
   * Asked offsets are those of "{" and "}", which never fall inside a multi-byte character.
   */
  charAt(byteOffset: number): number {
    const inChunk = byteOffset - this.byteBase;
    if (this.ascii) return this.charBase + inChunk;
    this.cursorChar += this.bytes.toString('utf8', this.cursorByte, inChunk).length;
    this.cursorByte = inChunk;
    return this.charBase + this.cursorChar;
  }
}
