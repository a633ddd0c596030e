/**
 * Turns a failure into what the user reads: IngestError messages are already written for people;
 * engine and worker failures get a plain explanation, with the raw message kept as detail.
 */
import { IngestError } from '../ingest/errors';
import type { Localized } from '../text/language';
import type { MessageKey, MessageParams } from './i18n';

/** A message for the banner: a dictionary key (translated when shown) or text written elsewhere. */
export interface Notice {
  kind: 'error' | 'info';
  key?: MessageKey;
  params?: MessageParams;
  /** Text that is already user-facing (IngestError, load problems), shown as is (after the key's text). */
  text?: Localized;
  /** The raw technical message, shown folded. */
  detail?: string;
}

/** Messages that really mean memory ran out (a stack overflow or another RangeError does not). */
const OUT_OF_MEMORY = /out of memory|memory access out of bounds|allocation failed|Array buffer allocation|could not allocate|Invalid array length|Invalid typed array length/i;

/** Whether `error` means the user cancelled. */
export function isCancellation(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** Describes `error` that happened while working on `file`. */
export function noticeFor(error: unknown, file: string): Notice {
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  if (isCancellation(error)) return { kind: 'info', key: 'notice.cancelled', params: { file } };
  if (error instanceof IngestError || name === 'IngestError') {
    const text = (error as { text?: Localized }).text;
    return { kind: 'error', text: text ?? { en: message, 'zh-CN': message } };
  }
  if (OUT_OF_MEMORY.test(message)) {
    return { kind: 'error', key: 'error.outOfMemory', detail: message };
  }
  if (name === 'EngineStartError') return { kind: 'error', key: 'error.engineStart', detail: message };
  if (name === 'EngineCrashedError') return { kind: 'error', key: 'error.engineCrashed', detail: message };
  if (name === 'RpcDisconnectedError') return { kind: 'error', key: 'error.workerFailed', params: { file }, detail: message };
  return { kind: 'error', key: 'error.unexpected', params: { file }, detail: message };
}
