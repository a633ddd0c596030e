import { describe, expect, it } from 'vitest';
import { IngestError } from '../../../src/ingest/errors';
import { SqlError } from '../../../src/engine/db';
import { noticeFor } from '../../../src/ui/notice';

function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe('noticeFor', () => {
  it('shows an IngestError message as written, in every language', () => {
    const text = { en: 'This file is empty.', 'zh-CN': '这个文件是空的。' };
    expect(noticeFor(new IngestError(text), 'a.csv')).toEqual({ kind: 'error', text });
  });

  it('recognises an IngestError rebuilt by name after crossing a worker boundary, with its languages', () => {
    expect(noticeFor(named('IngestError', 'Not a text file.'), 'a.csv').text).toEqual({ en: 'Not a text file.', 'zh-CN': 'Not a text file.' });
    const rebuilt = Object.assign(named('IngestError', 'Not a text file.'), { text: { en: 'Not a text file.', 'zh-CN': '不是文本文件。' } });
    expect(noticeFor(rebuilt, 'a.csv').text?.['zh-CN']).toBe('不是文本文件。');
  });

  it('explains out-of-memory from the engine in plain words, keeping the raw message', () => {
    const notice = noticeFor(new SqlError('Out of Memory Error: failed to allocate block', 'SELECT 1'), 'big.csv');
    expect(notice).toMatchObject({ kind: 'error', key: 'error.outOfMemory', detail: expect.stringContaining('Out of Memory') });
  });

  it('treats a cancellation as information, not an error', () => {
    expect(noticeFor(named('AbortError', 'Cancelled.'), 'a.csv')).toEqual({ kind: 'info', key: 'notice.cancelled', params: { file: 'a.csv' } });
  });

  it('names the engine crash and the worker failure', () => {
    expect(noticeFor(named('EngineCrashedError', 'x'), 'a.csv').key).toBe('error.engineCrashed');
    expect(noticeFor(named('RpcDisconnectedError', 'x'), 'a.csv').key).toBe('error.workerFailed');
  });

  it('falls back to a generic message with the file name and detail', () => {
    expect(noticeFor(new Error('boom'), 'a.csv')).toEqual({ kind: 'error', key: 'error.unexpected', params: { file: 'a.csv' }, detail: 'boom' });
  });
});
