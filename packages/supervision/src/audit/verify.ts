import { type Issue, issue } from '@openpayer/domain';
import { fromBase64 } from './bytes.ts';
import { entryBytes } from './entry.ts';
import { exportEntryLineSchema, exportHeadLineSchema, exportHeaderSchema } from './export.ts';
import { MerkleLog, bytesEqual } from './merkle.ts';
import { type TreeHead, keyIdOf, treeHeadSchema, verifyTreeHead } from './tree-head.ts';

/**
 * Verifies an audit export line by line (a million entries keep only their 32-byte hashes): every
 * entry's hash recomputed, every head's signature checked against the public key the verifier
 * was given (never one the export names), every head's root recomputed from the entries before
 * it, heads never going back, the last head covering every entry, and heads published earlier
 * (`known`) still in the log: a log that was truncated, rewritten or re-signed fails.
 *
 * `valid` is true only when every line was read and nothing failed; problems name the line.
 */

export interface VerifyOptions {
  /** Heads the verifier already holds (published earlier): the log must still contain each. */
  readonly known?: readonly TreeHead[];
  /** Stop listing problems after this many (they are all counted). Default 100. */
  readonly maxProblems?: number;
}

export interface VerifyReport {
  readonly valid: boolean;
  readonly entries: number;
  readonly heads: number;
  /** The last valid head read, the one a third party can now hold the fund to. */
  readonly latest: TreeHead | null;
  readonly problems: readonly Issue[];
  readonly problemCount: number;
}

export class AuditVerifier {
  private readonly tree = new MerkleLog();
  private readonly problems: Issue[] = [];
  private problemCount = 0;
  private readonly maxProblems: number;
  private readonly keyId: string;
  private headerSeen = false;
  private heads = 0;
  private latest: TreeHead | null = null;
  private lastLine = 0;
  private finished = false;

  constructor(
    private readonly publicKey: Uint8Array,
    private readonly options: VerifyOptions = {},
  ) {
    this.maxProblems = options.maxProblems ?? 100;
    this.keyId = publicKey.length === 32 ? keyIdOf(publicKey) : '';
    if (publicKey.length !== 32) {
      this.fail(0, 'audit.bad_public_key', 'the public key is not a 32-byte Ed25519 key', [
        'publicKey',
      ]);
    }
  }

  /** Reads one line of the export (1-based `lineNumber`, for the messages). */
  line(text: string, lineNumber: number): void {
    this.lastLine = lineNumber;
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.fail(lineNumber, 'audit.malformed_line', `line ${lineNumber} is not JSON`);
      return;
    }
    if (!this.headerSeen) {
      this.headerSeen = true;
      const header = exportHeaderSchema.safeParse(value);
      if (!header.success) {
        this.fail(
          lineNumber,
          'audit.no_header',
          `line ${lineNumber} is not an audit export header`,
        );
      } else if (header.data.keyId !== this.keyId) {
        this.fail(
          lineNumber,
          'audit.unknown_key',
          `the export's heads are signed by key ${header.data.keyId}, not by the key given (${this.keyId})`,
          ['keyId'],
        );
      }
      return;
    }
    if (typeof value === 'object' && value !== null && 'head' in value)
      this.head(value, lineNumber);
    else this.entry(value, lineNumber);
  }

  /** Entry and signed-head lines read so far (for a progress display while a download streams). */
  progress(): { readonly entries: number; readonly heads: number } {
    return { entries: this.tree.size, heads: this.heads };
  }

  /** Reads a whole export. */
  text(text: string): this {
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    lines.forEach((line, i) => {
      this.line(line, i + 1);
    });
    return this;
  }

  finish(): VerifyReport {
    if (!this.finished) {
      this.finished = true;
      const size = this.tree.size;
      if (!this.headerSeen) this.fail(0, 'audit.no_header', 'the export is empty');
      if (this.latest === null) {
        this.fail(this.lastLine, 'audit.unsigned', 'no valid signed tree head in the export');
      } else if (this.latest.treeSize !== size) {
        this.fail(
          this.lastLine,
          'audit.entries_not_signed',
          `${size - this.latest.treeSize} entries after the last signed head (size ${this.latest.treeSize})`,
        );
      }
      for (const [i, known] of (this.options.known ?? []).entries()) this.checkKnown(known, i);
    }
    return {
      valid: this.problemCount === 0,
      entries: this.tree.size,
      heads: this.heads,
      latest: this.latest,
      problems: [...this.problems],
      problemCount: this.problemCount,
    };
  }

  private entry(value: unknown, lineNumber: number): void {
    const parsed = exportEntryLineSchema.safeParse(value);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      this.fail(
        lineNumber,
        'audit.malformed_entry',
        `line ${lineNumber}: ${first ? `${first.path.join('.')}: ${first.message}` : 'not an entry'}`,
      );
      // Keep the count in step so one bad entry is one problem, not one per later line.
      this.tree.appendLeafHash(new Uint8Array(32));
      return;
    }
    const { index, entry } = parsed.data;
    if (index !== this.tree.size) {
      this.fail(
        lineNumber,
        'audit.entry_out_of_order',
        `line ${lineNumber} holds entry ${index} where entry ${this.tree.size} belongs`,
        ['index'],
      );
    }
    this.tree.append(entryBytes(entry));
  }

  private head(value: unknown, lineNumber: number): void {
    const parsed = exportHeadLineSchema.safeParse(value);
    if (!parsed.success) {
      this.fail(lineNumber, 'audit.malformed_head', `line ${lineNumber} is not a tree head`);
      return;
    }
    const { head } = parsed.data;
    this.heads++;
    if (!verifyTreeHead(head, this.publicKey)) {
      this.fail(
        lineNumber,
        'audit.bad_signature',
        `line ${lineNumber}: the head's signature does not verify`,
        ['signature'],
      );
      return;
    }
    if (head.treeSize !== this.tree.size) {
      this.fail(
        lineNumber,
        'audit.head_out_of_place',
        `line ${lineNumber}: a head of size ${head.treeSize} after ${this.tree.size} entries`,
        ['treeSize'],
      );
      return;
    }
    if (!bytesEqual(fromBase64(head.rootHash) ?? new Uint8Array(0), this.tree.root())) {
      this.fail(
        lineNumber,
        'audit.root_mismatch',
        `line ${lineNumber}: the entries before it do not hash to the head's root`,
        ['rootHash'],
      );
      return;
    }
    if (this.latest !== null && head.timestamp < this.latest.timestamp) {
      this.fail(
        lineNumber,
        'audit.head_regressed',
        `line ${lineNumber}: a head older than the one before it`,
        ['timestamp'],
      );
      return;
    }
    this.latest = head;
  }

  private checkKnown(value: TreeHead, i: number): void {
    const parsed = treeHeadSchema.safeParse(value);
    if (!parsed.success || !verifyTreeHead(parsed.data, this.publicKey)) {
      this.fail(0, 'audit.known_head_invalid', `known head ${i} is not signed by the key given`, [
        'known',
        i,
      ]);
      return;
    }
    const known = parsed.data;
    if (known.treeSize > this.tree.size) {
      this.fail(
        0,
        'audit.log_truncated',
        `a head of ${known.treeSize} entries was published, the export has ${this.tree.size}`,
        ['known', i],
      );
    } else if (
      !bytesEqual(fromBase64(known.rootHash) ?? new Uint8Array(0), this.tree.root(known.treeSize))
    ) {
      this.fail(
        0,
        'audit.log_rewritten',
        `the first ${known.treeSize} entries no longer hash to the root published at that size`,
        ['known', i],
      );
    } else if (this.latest !== null && known.timestamp > this.latest.timestamp) {
      this.fail(
        0,
        'audit.head_regressed',
        `the export's latest head is older than one published before (${known.timestamp})`,
        ['known', i],
      );
    }
  }

  private fail(
    line: number,
    code: string,
    message: string,
    path: readonly (string | number)[] = [],
  ): void {
    this.problemCount++;
    if (this.problems.length < this.maxProblems) {
      this.problems.push(issue(code, message, { path: [...path], data: { line } }));
    }
  }
}

/** Verifies a whole export held in memory (the browser's case). */
export function verifyExport(
  text: string,
  publicKey: Uint8Array,
  options: VerifyOptions = {},
): VerifyReport {
  return new AuditVerifier(publicKey, options).text(text).finish();
}
