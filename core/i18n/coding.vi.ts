/**
 * Messages of open-answer coding (codebook, themes, quotes), Vietnamese.
 * Keys start with "coding."; errors of this domain are coding.error.<code> (see core/errors.ts errorKey).
 */
export const codingVi = {
  'coding.error.notOpenQuestion': 'Câu {question} không phải câu trả lời mở của khảo sát này.',
  'coding.error.themeNotFound': 'Không tìm thấy chủ đề này (có thể đã bị xoá).',
  'coding.error.themeCycle': 'Không thể chuyển chủ đề vào bên trong chính nó hoặc chủ đề con của nó.',
  'coding.error.otherCodebook': 'Chủ đề này thuộc bộ mã của khảo sát hoặc câu hỏi khác.',
  'coding.error.themeInUse': 'Chủ đề đang được gán cho {count} câu trả lời. Hãy chọn chủ đề để chuyển các câu trả lời sang trước khi xoá.',
  'coding.error.emptyLabel': 'Chủ đề cần có tên, bằng tiếng Việt hoặc tiếng Anh.',
  'coding.error.answerNotFound': 'Không tìm thấy câu trả lời {question} của phiếu này.',
  'coding.error.badAttribute': 'Câu {question} không dùng làm thông tin kèm trích dẫn được (chỉ câu lựa chọn một hoặc câu trả lời bằng số).',

  'coding.attribute.age': '{age} tuổi',
  'coding.attribute.separator': ', ',
  'coding.kind.name': 'tên người',
  'coding.kind.phone': 'số điện thoại',
  'coding.kind.email': 'địa chỉ thư điện tử',
  'coding.kind.school': 'tên trường',
  'coding.kind.place': 'địa danh nhỏ hơn tỉnh',
  'coding.table.label': '{question} — chủ đề',
  'coding.warningSmallGroup': 'Ít hơn {k} em có cùng thông tin kèm theo ({attributes}): người đọc có thể đoán ra em nào đã nói.',
  'coding.warning': 'Trích dẫn này có thể giúp nhận ra em ({kinds}). Hãy sửa đoạn trích trước khi dùng.',
} as const;
