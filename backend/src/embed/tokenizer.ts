// BERT WordPiece tokenization for the ONNX encoders, driven by the model's own tokenizer.json.
// The heavy lifting (BertNormalizer, BertPreTokenizer, WordPiece with "##") is done by
// @huggingface/tokenizers, a dependency-free JS port of the Rust `tokenizers` crate; this module
// adds what that port lacks: truncation, [CLS]/[SEP] framing for single texts and pairs, and
// packing a batch into padded int64 tensors.
import { readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';

/** A batch packed for a BERT-style ONNX graph: row-major [rows, seqLen], right-padded with 0. */
export interface PackedBatch {
  rows: number;
  seqLen: number;
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  tokenTypeIds: BigInt64Array;
}

export class BertTokenizer {
  readonly clsId: number;
  readonly sepId: number;
  readonly padId: number;

  private constructor(private readonly tok: Tokenizer) {
    this.clsId = requireId(tok, '[CLS]');
    this.sepId = requireId(tok, '[SEP]');
    this.padId = requireId(tok, '[PAD]');
  }

  static fromFile(tokenizerJsonPath: string): BertTokenizer {
    const json = JSON.parse(readFileSync(tokenizerJsonPath, 'utf8')) as { model?: { type?: string } };
    if (json.model?.type !== 'WordPiece') {
      throw new Error(`${tokenizerJsonPath}: expected a WordPiece tokenizer, got ${String(json.model?.type)}`);
    }
    // The second argument is tokenizer_config.json, which the Maven artifact does not ship; every
    // setting BERT needs is already in tokenizer.json's normalizer / pre_tokenizer / model.
    return new BertTokenizer(new Tokenizer(json, {}));
  }

  /** WordPiece ids of `text` without special tokens. */
  wordpieceIds(text: string): number[] {
    return this.tok.encode(text, { add_special_tokens: false }).ids;
  }

  /** [CLS] text [SEP], truncated on the right to at most maxTokens ids in all. */
  encode(text: string, maxTokens: number): number[] {
    return this.encodeWithInfo(text, maxTokens).ids;
  }

  encodeWithInfo(text: string, maxTokens: number): { ids: number[]; truncated: boolean } {
    const all = this.wordpieceIds(text);
    const budget = Math.max(0, maxTokens - 2);
    return { ids: [this.clsId, ...all.slice(0, budget), this.sepId], truncated: all.length > budget };
  }

  /**
   * [CLS] a [SEP] b [SEP] with segment ids 0/1, truncated "longest first" exactly as the Rust crate
   * does, so a long document cannot squeeze out the query.
   */
  encodePair(a: string, b: string, maxTokens: number): { ids: number[]; typeIds: number[] } {
    const ta = this.wordpieceIds(a);
    const tb = this.wordpieceIds(b);
    const [la, lb] = longestFirst(ta.length, tb.length, Math.max(0, maxTokens - 3));
    const ids = [this.clsId, ...ta.slice(0, la), this.sepId, ...tb.slice(0, lb), this.sepId];
    const typeIds = ids.map((_, i) => (i < la + 2 ? 0 : 1));
    return { ids, typeIds };
  }

  /** Pack already-encoded rows into padded tensors (padding only to the longest row). */
  pack(rows: number[][], typeRows?: number[][]): PackedBatch {
    const seqLen = rows.reduce((m, r) => Math.max(m, r.length), 0);
    const n = rows.length;
    const inputIds = new BigInt64Array(n * seqLen).fill(BigInt(this.padId));
    const attentionMask = new BigInt64Array(n * seqLen);
    const tokenTypeIds = new BigInt64Array(n * seqLen);
    for (let r = 0; r < n; r++) {
      const row = rows[r];
      const types = typeRows?.[r];
      const base = r * seqLen;
      for (let i = 0; i < row.length; i++) {
        inputIds[base + i] = BigInt(row[i]);
        attentionMask[base + i] = 1n;
        if (types) tokenTypeIds[base + i] = BigInt(types[i]);
      }
    }
    return { rows: n, seqLen, inputIds, attentionMask, tokenTypeIds };
  }
}

/**
 * Lengths kept of two sequences sharing `budget` tokens: a sequence within half the budget keeps
 * everything and the other gets the rest; otherwise the longer gets ceil(budget/2) and the shorter
 * floor(budget/2), the second one counting as longer on a tie (checked against tokenizers 0.23).
 */
export function longestFirst(la: number, lb: number, budget: number): [number, number] {
  if (la + lb <= budget) return [la, lb];
  const half = Math.floor(budget / 2);
  const rest = budget - half;
  if (la > lb) return lb <= half ? [budget - lb, lb] : [rest, half];
  return la <= half ? [la, budget - la] : [half, rest];
}

function requireId(tok: Tokenizer, token: string): number {
  const id = tok.token_to_id(token);
  if (id === undefined) throw new Error(`tokenizer has no ${token} token`);
  return id;
}
