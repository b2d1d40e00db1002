/**
 * @openpayer/supervision — how the fund watches its money after the rules have paid it. Today:
 * the tamper-evident audit log (RFC 6962 Merkle tree over canonical-JSON entries, Ed25519-signed
 * tree heads, inclusion and consistency proofs, an isomorphic streaming verifier). Smart review
 * rules, KPIs, anomalies and cases join it as they land. Isomorphic: no Node or DOM APIs.
 */

export { canonicalJson } from './audit/canonical-json.ts';
export { toBase64, fromBase64, toHex, fromHex } from './audit/bytes.ts';
export {
  EMPTY_ROOT,
  MerkleLog,
  leafHash,
  nodeHash,
  verifyInclusion,
  verifyConsistency,
} from './audit/merkle.ts';
export {
  treeHeadSchema,
  type TreeHead,
  treeHeadSignatureInput,
  keyIdOf,
  newSigningKey,
  publicKeyOf,
  signTreeHead,
  verifyTreeHead,
} from './audit/tree-head.ts';
export {
  AUDIT_EVENT_KINDS,
  type AuditEventKind,
  auditEntrySchema,
  type AuditEntry,
  stateHash,
  entryBytes,
  pseudonymize,
} from './audit/entry.ts';
export {
  AUDIT_EXPORT_FORMAT,
  exportHeaderSchema,
  exportEntryLineSchema,
  exportHeadLineSchema,
  exportHeaderLine,
  exportEntryLine,
  exportHeadLine,
  exportLines,
  AuditLog,
} from './audit/export.ts';
export {
  type VerifyOptions,
  type VerifyReport,
  AuditVerifier,
  verifyExport,
} from './audit/verify.ts';
