/**
 * Messages of analysis (tables, statistics, small-cell protection; `tiengnoi stats`), Vietnamese.
 * Keys start with "analysis."; errors of this domain are analysis.error.<code> (see core/errors.ts errorKey).
 */
export const analysisVi = {
  'analysis.error.notChoiceQuestion': 'Câu {question} không phải câu hỏi lựa chọn.',
  'analysis.error.unknownQuestion': 'Khảo sát không có câu hỏi {question} để phân tích.',
  'analysis.error.notAnalysable': 'Câu {question} chưa phân tích được thành bảng (câu trả lời mở, ngày giờ, xếp hạng, hoặc nhóm lặp lồng trong nhóm lặp).',
  'analysis.error.wrongKind': 'Câu hỏi không dùng được theo cách này: {detail}.',
  'analysis.error.needsBuckets': 'Câu {question} là câu trả lời bằng số: hãy chia nhóm (ví dụ --buckets 8-11,12-14,15-17) để lập bảng.',
  'analysis.error.badBuckets': 'Các nhóm số chưa hợp lệ: {detail}. Mỗi nhóm là "từ-đến", các nhóm không được chồng lên nhau.',
  'analysis.error.differentLevels': 'Các câu hỏi thuộc những nhóm lặp khác nhau ({detail}), không lập chung một bảng được.',
  'analysis.error.sameQuestionTwice': 'Một câu hỏi chỉ dùng một lần trong bảng.',
  'analysis.error.columnsUnreadable': 'Không đọc được dữ liệu phân tích đã lưu ({detail}). Dữ liệu gốc vẫn an toàn.',
  'analysis.error.badFilter': 'Không hiểu bộ lọc ở phần "{part}". {hint}',

  'analysis.filter.hintGeneral':
    'Bộ lọc viết như điều kiện XLSForm: ${province} = \'10\', ${age} >= 12, selected(${worries}, \'online\'), nối bằng and; có thể dùng not(...).',
  'analysis.filter.hintOr': 'Chưa hỗ trợ "or": hãy chạy từng điều kiện riêng.',
  'analysis.filter.hintMultiple': 'Với câu nhiều lựa chọn, hãy dùng selected(${question}, \'mã\').',
  'analysis.filter.hintNumber': 'Câu trả lời bằng số chỉ so sánh với một số.',
  'analysis.filter.hintUnknown': 'Khảo sát không có câu hỏi này (hoặc câu này chưa lọc được).',
  'analysis.filter.hintNot': 'not(...) chỉ bao một điều kiện.',

  'analysis.cli.title': 'Câu {question}',
  'analysis.cli.by': 'theo {by}',
  'analysis.cli.layer': 'Lớp: {layer}',
  'analysis.cli.value': 'Giá trị',
  'analysis.cli.count': 'Số trẻ',
  'analysis.cli.percent': '%',
  'analysis.cli.total': 'Tổng',
  'analysis.cli.answered': 'Đã trả lời',
  'analysis.cli.refused': 'Không muốn trả lời',
  'analysis.cli.notAsked': 'Không được hỏi / bỏ trống',
  'analysis.cli.ticks': 'Tổng số lựa chọn được đánh dấu',
  'analysis.cli.excluded': 'Không đưa vào bảng (thiếu câu trả lời)',
  'analysis.cli.n': 'Số trẻ trong bảng: {n}',
  'analysis.cli.filtered': 'Số phiếu hoàn chỉnh qua bộ lọc: {n}',
  'analysis.cli.hidden': 'ẩn',
  'analysis.cli.noteOn':
    'Bảo vệ ô nhỏ: ô có dưới {k} trẻ hiện là "< {k}", và {complementary} ô khác được ẩn (×) để không suy ra được từ tổng. Đã ẩn {hidden} số.',
  'analysis.cli.noteNone': 'Bảo vệ ô nhỏ (k = {k}): không có ô nào dưới {k} trẻ.',
  'analysis.cli.chiSquare': 'Kiểm định khi bình phương: χ² = {statistic}, bậc tự do {df}, p = {p}',
  'analysis.cli.chiSquareInvalid': 'Không đưa ra kiểm định khi bình phương ({problems}).',
  'analysis.cli.notAdditive': 'Câu nhiều lựa chọn: một trẻ có thể ở nhiều ô, nên tổng là số trẻ chứ không phải tổng các ô.',
  'analysis.cli.numeric': 'n = {n}; trung bình {mean}; độ lệch chuẩn {sd}; nhỏ nhất {min}; tứ phân vị 1 {q1}; trung vị {median}; tứ phân vị 3 {q3}; lớn nhất {max}',
  'analysis.cli.numericHidden': 'Dưới {k} trẻ có câu trả lời: không đưa ra thống kê.',
  'analysis.cli.bin': 'Khoảng',
  'analysis.problem.multipleChoice': 'có câu nhiều lựa chọn',
  'analysis.problem.expectedBelowOne': 'có tần số kỳ vọng dưới 1',
  'analysis.problem.tooManyExpectedBelowFive': 'hơn 20% tần số kỳ vọng dưới 5',
  'analysis.problem.nothingToTest': 'không có gì để kiểm định',
  'analysis.problem.hiddenCells': 'bảng có ô bị ẩn',
};
