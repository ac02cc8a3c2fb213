import { describe, expect, it } from 'vitest';
import { findIdentifyingText, mayIdentify, type IdentifyingKind } from '../../core/coding/identifying-text';
import { loadProvinces2008, loadProvinces2025 } from '../../electron/reference/load';

const provinces = [...loadProvinces2025(), ...loadProvinces2008()].flatMap((p) => [p.name_vi, p.name_vi.replace(/^Thành phố /u, ''), p.name_en]);
const found = (text: string) => findIdentifyingText(text, { safeNames: provinces }).map((m) => [m.kind, m.text] as [IdentifyingKind, string]);

describe('identifying text in quotes', () => {
  it('finds names said by the child, in Vietnamese and English, even in lower case', () => {
    expect(found('Tên em là Lan, em học lớp 7.')).toEqual([['name', 'Lan']]);
    expect(found('em tên là hoa, em 13 tuổi')).toEqual([['name', 'hoa']]);
    expect(found('Mình tên Mai Anh và mình thích vẽ.')).toEqual([['name', 'Mai Anh']]);
    expect(found('Hi, my name is Tuan and I like football.')).toEqual([['name', 'Tuan']]);
    expect(found('My name is Mai Linh.')).toEqual([['name', 'Mai Linh']]);
  });

  it('finds full names by their family name, Kinh and ethnic minority', () => {
    expect(found('Bạn Nguyễn Thị Hoa hay bắt nạt em.')).toEqual([['name', 'Nguyễn Thị Hoa']]);
    expect(found('Thầy Trần Văn Nam rất tốt với chúng em.')).toEqual([['name', 'Trần Văn Nam']]);
    expect(found('Anh Giàng A Páo dạy em đọc chữ.')).toEqual([['name', 'Giàng A Páo']]);
    expect(found('Lò Văn Minh ở cạnh nhà em')).toEqual([['name', 'Lò Văn Minh']]);
  });

  it('finds given names after a kinship word or title', () => {
    expect(found('Bạn Lan hay trêu em, thầy Nam không biết.')).toEqual([
      ['name', 'Lan'],
      ['name', 'Nam'],
    ]);
    expect(found('Em sống với bà Xuân và chị Hằng.')).toEqual([
      ['name', 'Xuân'],
      ['name', 'Hằng'],
    ]);
    expect(found('My friend Tuan and Mr Binh help me.')).toEqual([
      ['name', 'Tuan'],
      ['name', 'Binh'],
    ]);
    // a province after a kinship word is not a name; "I" is not a name
    expect(found('Anh Hà Nội về thăm em. My sister I think is kind.')).toEqual([]);
    expect(found('Cô giáo và các bạn rất tốt.')).toEqual([]);
  });

  it('finds phone numbers and e-mail addresses with their offsets', () => {
    const text = 'Gọi cho em số 0912 345 678 hoặc +84 98 765 4321, email lan.nguyen2010@gmail.com';
    const matches = findIdentifyingText(text);
    expect(matches.map((m) => [m.kind, m.text])).toEqual([
      ['phone', '0912 345 678'],
      ['phone', '+84 98 765 4321'],
      ['email', 'lan.nguyen2010@gmail.com'],
    ]);
    for (const m of matches) expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(found('Số máy bàn của trường là 0214.3820.123')).toEqual([['phone', '0214.3820.123']]);
  });

  it('finds schools', () => {
    expect(found('Em học trường THCS Kim Đồng.')).toEqual([['school', 'trường THCS Kim Đồng']]);
    expect(found('Trường PTDTBT Tiểu học Tả Van có nhiều bạn.')).toEqual([['school', 'Trường PTDTBT Tiểu học Tả Van']]);
    expect(found('Ở THPT số 1 các anh chị rất vui.')).toEqual([['school', 'THPT số 1']]);
    expect(found('I go to Sa Pa Secondary School by bike.')).toEqual([['school', 'Sa Pa Secondary School']]);
  });

  it('finds places smaller than a province', () => {
    expect(found('Nhà em ở bản Cát Cát, xã San Sả Hồ.')).toEqual([
      ['place', 'bản Cát Cát'],
      ['place', 'xã San Sả Hồ'],
    ]);
    expect(found('Em sống ở thôn 3, còn bà ở tổ 12.')).toEqual([
      ['place', 'thôn 3'],
      ['place', 'tổ 12'],
    ]);
    expect(found('Phường Cốc Lếu có nhiều xe.')).toEqual([['place', 'Phường Cốc Lếu']]);
    expect(found('We live in Ta Van village, far from the road.')).toEqual([['place', 'Ta Van village']]);
  });

  it('does not flag ordinary sentences, common words or province names alone', () => {
    const safe = [
      'Em thấy không an toàn khi đi học về muộn ở Lào Cai.',
      'Bản thân em thấy trường học rất vui.',
      'Trường em có nhiều cây xanh.',
      'Lý do là em sợ bị phạt.',
      'Em sống ở Hà Nội, bà em ở Thành phố Hồ Chí Minh, cô em ở Cao Bằng.',
      'Mai em sẽ đi học sớm hơn.',
      'Năm 2024 em được 14 tuổi, lớp 8A có 35 bạn.',
      'Làng em đẹp lắm.',
      'Xã hội cần lắng nghe trẻ em.',
      'I feel safe at school because my teacher listens.',
      'The road to school is dangerous in the rainy season.',
      'Em đi bộ 5 km, mất 45 phút.',
    ];
    for (const text of safe) expect(found(text), text).toEqual([]);
    expect(mayIdentify('Em ở Lào Cai', { safeNames: provinces })).toBe(false);
    expect(mayIdentify('Em ở xã Tả Van', { safeNames: provinces })).toBe(true);
  });

  it('keeps the longer of overlapping findings', () => {
    // the school's name is also a person's name: one finding, the school
    expect(found('Em học trường Tiểu học Nguyễn Trãi.')).toEqual([['school', 'trường Tiểu học Nguyễn Trãi']]);
  });
});
