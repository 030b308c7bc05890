/**
 * Pull bytes from an async stream of chunks in the amounts a parser asks for: exact reads for
 * headers, and forwarding (without copying into one buffer) for bodies.
 */
export class ByteReader {
  private readonly chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;
  private consumed = 0;
  private readonly iterator: AsyncIterator<unknown>;

  constructor(source: AsyncIterable<unknown>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** Bytes handed out so far. */
  get position(): number {
    return this.consumed;
  }

  /** Up to `n` bytes: exactly `n` unless the input ends first. */
  async read(n: number): Promise<Buffer> {
    while (this.buffered < n && (await this.fill()));
    return this.take(Math.min(n, this.buffered));
  }

  /**
   * Pass the next `n` bytes to `sink` chunk by chunk (or drop them when there is no sink).
   * Returns false when the input ended before `n` bytes.
   */
  async forward(n: number, sink?: (chunk: Buffer) => void): Promise<boolean> {
    let left = n;
    while (left > 0) {
      if (this.buffered === 0 && !(await this.fill())) return false;
      const chunk = this.take(Math.min(left, this.chunks[0]?.length ?? 0));
      sink?.(chunk);
      left -= chunk.length;
    }
    return true;
  }

  /** Stop reading: lets the underlying stream release its resources. */
  async close(): Promise<void> {
    this.chunks.length = 0;
    this.buffered = 0;
    await this.iterator.return?.();
  }

  private async fill(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.iterator.next();
    if (next.done === true) {
      this.ended = true;
      return false;
    }
    const value = next.value;
    const chunk = Buffer.isBuffer(value)
      ? value
      : value instanceof Uint8Array
        ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
        : Buffer.from(String(value));
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    return true;
  }

  /** `n` buffered bytes (n ≤ buffered), from the front. */
  private take(n: number): Buffer {
    this.buffered -= n;
    this.consumed += n;
    const first = this.chunks[0];
    if (first !== undefined && first.length >= n) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let offset = 0;
    while (offset < n) {
      const chunk = this.chunks[0];
      if (chunk === undefined) break;
      const used = Math.min(chunk.length, n - offset);
      chunk.copy(out, offset, 0, used);
      offset += used;
      if (used === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(used);
    }
    return out;
  }
}
