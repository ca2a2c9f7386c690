import { Transform, type TransformCallback } from 'node:stream';

/*
 * LSP over stdio frames each message as `Content-Length: N\r\n…\r\n\r\n` + N bytes. vscode-jsonrpc's reader
 * reports a malformed header (no colon, no Content-Length, a length that is not a number) as an error event
 * and then never reads the bytes after it again, so one bad header from a misbehaving client left the server
 * deaf. This transform sits between stdin and the reader: it passes well-formed frames through byte for byte,
 * drops a malformed header (reported once through `report`) and skips ahead to the next `Content-Length`,
 * where the reader can pick up again.
 */

/** A header block longer than this is not a header: drop it and resync (bounds what is buffered). */
export const MAX_HEADER_BYTES = 8192;

const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');
const CONTENT_LENGTH = /content-length:/i;
// What may be the start of `Content-Length:` cut by a chunk boundary: kept while skipping.
const TAIL = 'content-length:'.length - 1;

export class FramingGuard extends Transform {
  private buffer: Buffer = Buffer.alloc(0);
  /** Body bytes of the current frame still to pass through. */
  private body = 0;
  /** After a malformed header: dropping bytes until the next `Content-Length:`. */
  private skipping = false;

  constructor(private readonly report: (message: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    try {
      this.drain();
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  private drain(): void {
    while (this.buffer.length > 0) {
      if (this.body > 0) {
        const n = Math.min(this.body, this.buffer.length);
        this.push(this.buffer.subarray(0, n));
        this.buffer = this.buffer.subarray(n);
        this.body -= n;
        continue;
      }
      if (this.skipping) {
        const at = this.buffer.toString('latin1').search(CONTENT_LENGTH);
        if (at < 0) {
          this.buffer = this.buffer.subarray(Math.max(0, this.buffer.length - TAIL));
          return;
        }
        this.buffer = this.buffer.subarray(at);
        this.skipping = false;
      }
      const end = this.buffer.indexOf(HEADER_END);
      if (end < 0) {
        if (this.buffer.length > MAX_HEADER_BYTES) this.malformed(`no end of header within ${MAX_HEADER_BYTES} bytes`, this.buffer.length);
        return;
      }
      const problem = headerProblem(this.buffer.subarray(0, end).toString('latin1'));
      if (typeof problem === 'string') {
        this.malformed(problem, end + HEADER_END.length);
        continue;
      }
      this.push(this.buffer.subarray(0, end + HEADER_END.length));
      this.buffer = this.buffer.subarray(end + HEADER_END.length);
      this.body = problem;
    }
  }

  private malformed(why: string, consumed: number): void {
    this.report(`malformed message header (${why}); skipping to the next Content-Length header`);
    this.buffer = this.buffer.subarray(consumed);
    this.skipping = true;
  }
}

/** The body length of a well-formed header block (without its final blank line), else what is wrong with it. */
function headerProblem(block: string): number | string {
  let length: number | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `a header line without a name and ':': ${JSON.stringify(line.slice(0, 60))}`;
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,15}$/.test(value)) return `Content-Length is not a byte count: ${JSON.stringify(value.slice(0, 60))}`;
    length = Number(value);
  }
  return length ?? 'no Content-Length';
}
