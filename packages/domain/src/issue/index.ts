export {
  type Issue,
  type IssuePath,
  type Severity,
  issue,
  atPath,
  hasErrors,
  formatPath,
} from './issue.ts';
export {
  ENGINE_ERROR_CODES,
  EngineError,
  type EngineErrorCode,
  isEngineError,
} from './engine-error.ts';
export { type Result, ok, fail } from './result.ts';
