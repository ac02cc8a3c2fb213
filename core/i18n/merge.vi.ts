/**
 * Messages of merging project files (`tiengnoi merge`, and the merge screen), Vietnamese.
 * Keys start with "merge."; errors of this domain are merge.error.<code> (see core/errors.ts errorKey).
 * Terms follow docs/glossary.md: tệp, dự án, khảo sát, phiên bản, phiếu trả lời, mã phiếu, lịch sử thay đổi.
 * "Gộp" (merge) as in the version warnings; a merged file is "tệp gộp".
 */
export const mergeVi = {
  'merge.error.noSources': 'Hãy chọn ít nhất một tệp dự án để gộp.',
  'merge.error.outIsSource': 'Tệp gộp {file} cũng nằm trong các tệp nguồn. Hãy chọn một tệp gộp khác: các tệp nguồn không bao giờ bị thay đổi.',
  'merge.error.sourceTwice': 'Tệp {file} được chọn hai lần.',
  'merge.error.differentSurveys':
    'Không gộp được: {files} thuộc dự án khác và không có khảo sát nào chung với {target} (khảo sát: {surveys}). ' +
    'Chỉ gộp được các tệp của cùng một đợt tham vấn: cùng một dự án, hoặc có chung ít nhất một khảo sát (cùng mã form_id). ' +
    'Chưa có tệp nào bị thay đổi.',
  'merge.error.cannotWrite':
    'Không ghi được tệp gộp {file} ({reason}): thư mục không tồn tại, không có quyền ghi hoặc ổ đĩa đã đầy. Hãy chọn nơi lưu khác. Các tệp nguồn không bị thay đổi.',

  'merge.summary.created': 'Đã tạo tệp gộp {out} từ {base}, rồi gộp thêm {count} tệp vào đó.',
  'merge.summary.into': 'Đã gộp {count} tệp vào {out}.',
  'merge.summary.base': '  {file}: {responses} phiếu (tệp gốc của tệp gộp)',
  'merge.summary.file':
    '  {file}: {responses} phiếu: {added} phiếu mới, {updated} phiếu được cập nhật, {duplicates} phiếu trùng, {conflicts} phiếu bị sửa khác nhau',
  'merge.summary.totals':
    'Tổng cộng: {added} phiếu mới, {updated} phiếu được cập nhật theo bản sửa sau, {duplicates} phiếu trùng (chỉ tính một lần), {conflicts} phiếu bị sửa khác nhau.',
  'merge.summary.nothingNew': 'Không có gì mới: mọi phiếu trả lời đều đã có trong tệp gộp.',
  'merge.summary.renumbered': 'Đã đánh số lại {count} phiếu vì số phiếu của chúng đã được dùng trong tệp gộp (vẫn giữ thông tin thiết bị đã nhập phiếu).',
  'merge.summary.surveyAdded': 'Đã thêm khảo sát {survey} (từ {file}).',
  'merge.summary.versionAdded': 'Đã thêm phiên bản {version} của khảo sát {survey} (từ {file}).',
  'merge.summary.versionRenumbered':
    'Phiên bản {version} của khảo sát {survey} trong {file} khác với phiên bản {version} đã có, nên được thêm thành phiên bản {as}.',
  'merge.summary.conflicts': 'Phiếu bị sửa khác nhau ở các tệp (giữ bản thay đổi sau cùng; bản còn lại được ghi vào lịch sử thay đổi của phiếu):',
  'merge.summary.conflict': '  {survey}, phiếu số {number} (mã phiếu {code}): {what}. Giữ bản của {keptFile} ({keptAt}); bản của {otherFile} ({otherAt}) được ghi vào lịch sử.',
  'merge.summary.questions': 'khác nhau ở câu {questions}',
  'merge.summary.status': 'khác trạng thái hoàn thành',
  'merge.summary.deletion': 'một bản đã bị xoá, bản kia thì không',
  'merge.summary.codes': 'Mã phiếu đã có phiếu khác dùng nên được thêm hậu tố (hãy đối chiếu với phiếu giấy):',
  'merge.summary.code': '  {survey}, phiếu số {number} (từ {file}): mã {from} → {to}',
  'merge.summary.more': '  … và {count} mục nữa (xem đầy đủ bằng --json).',
  'merge.progress': 'Đang gộp {file} ({index}/{files})…',
  'merge.history.conflict': 'Gộp tệp: phiếu này bị sửa khác nhau ở {otherFile} và {keptFile}; giữ bản của {keptFile}, bản còn lại được ghi ở đây',
} as const satisfies Record<string, string>;
