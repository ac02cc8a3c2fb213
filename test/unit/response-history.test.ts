import { describe, expect, it } from 'vitest';
import { historyLines } from '../../renderer/lib/response-view';
import type { HistoryEntry, ResponseView } from '../../core/api/responses';

const view = {
  version: 1,
  survey: {
    title: { vi: 'Khảo sát' },
    questions: [{ name: 'ten', type: 'text', label: { vi: 'Tên em', en: 'Your name' }, hint: {}, required: false }],
    choiceLists: {},
  },
  response: { answers: {}, refused: [] },
} as unknown as ResponseView;

const entry = (action: string, detail: HistoryEntry['detail'] = {}): HistoryEntry => ({ at: '2026-11-27T03:00:00.000Z', actor: 'Lan', deviceId: 'd1', action, detail });

/** Every line of a response's history reads as words in the user's language: never a bare action name. */
describe('a response history in words', () => {
  it('says where an import came from, which laptops a merge conflict was between, double entry and paper codes', () => {
    const lines = historyLines(
      [
        entry('import', { file: 'kobo.csv', row: 7 }),
        entry('merge-conflict', { keptFile: 'may-2.tiengnoi', otherFile: 'may-1.tiengnoi' }),
        entry('verify'),
        entry('paperCode'),
        entry('edit', { question: 'ten', old: 'Lan', new: 'Lân' }),
      ],
      view,
      'vi',
    ).map((line) => line.text);
    expect(lines[0]).toBe('Nhập từ tệp kobo.csv, dòng 7');
    expect(lines[1]).toContain('may-1.tiengnoi');
    expect(lines[1]).toContain('may-2.tiengnoi');
    expect(lines[2]).toBe('Nhập lại phiếu giấy để đối chiếu');
    expect(lines[3]).toBe('Đổi mã phiếu giấy');
    expect(lines[4]).toBe('Sửa câu "Tên em": Lan → Lân');
    const english = historyLines([entry('import', { file: 'kobo.csv', row: 7 })], view, 'en');
    expect(english[0]?.text).toBe('Imported from kobo.csv, row 7');
  });
});
