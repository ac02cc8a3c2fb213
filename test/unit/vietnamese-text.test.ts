import { describe, expect, it } from 'vitest';
import { compareVi, fold, nfc } from '../../core/text/vietnamese';
import { nameFromLabel, toSafeName, uniqueName } from '../../core/survey/names';

describe('Vietnamese text helpers', () => {
  it('normalises decomposed input to NFC', () => {
    const decomposed = 'Lào Cai'.normalize('NFD');
    expect(decomposed).not.toBe('Lào Cai');
    expect(nfc(decomposed)).toBe('Lào Cai');
  });

  it('folds tone marks and đ for search', () => {
    expect(fold('Đắk Lắk')).toBe('dak lak');
    expect(fold('Thừa Thiên Huế')).toBe('thua thien hue');
  });

  it('sorts in Vietnamese order (Đ after D, tones after the bare letter)', () => {
    const sorted = ['Đồng Nai', 'Bắc Ninh', 'Dak Nong', 'An Giang', 'Ân Thi'].sort(compareVi);
    expect(sorted).toEqual(['An Giang', 'Ân Thi', 'Bắc Ninh', 'Dak Nong', 'Đồng Nai']);
  });
});

describe('variable names from labels', () => {
  it('makes an XLSForm-safe name from Vietnamese text', () => {
    expect(nameFromLabel('Em có cảm thấy an toàn ở trường không?', [])).toBe('em_co_cam_thay_an_toan_o_truong');
    expect(nameFromLabel('Do you feel safe at school?', [])).toBe('do_you_feel_safe_at_school');
  });

  it('keeps names unique and never starting with a digit', () => {
    expect(nameFromLabel('Tuổi', ['tuoi'])).toBe('tuoi_2');
    expect(nameFromLabel('10 điều', [])).toBe('q_10_dieu');
    expect(nameFromLabel('???', [])).toBe('q');
    expect(uniqueName('q', ['q', 'q_2'])).toBe('q_3');
  });
});

describe('typed variable names', () => {
  it('keeps what was typed but makes it XLSForm-safe', () => {
    expect(toSafeName('Tuổi em')).toBe('Tuoi_em');
    expect(toSafeName('Q1')).toBe('Q1');
    expect(toSafeName('1a')).toBe('_1a');
    expect(toSafeName('  ')).toBe('');
    expect(toSafeName('Đắk-Lắk.x')).toBe('Dak-Lak.x');
  });
});
