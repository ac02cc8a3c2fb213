/**
 * Messages of the responses export (Excel, CSV, codebook, SPSS syntax), Vietnamese. Keys start with "export.".
 * Terms follow docs/glossary.md: phiếu trả lời, câu hỏi, câu trả lời, lựa chọn, tên biến, từ chối trả lời,
 * thông tin nhận dạng, nhóm lặp lại, hoàn chỉnh, bản nháp, thiết bị, phiên bản.
 */
export const exportVi = {
  // In the cells
  'export.refusedValue': 'từ chối trả lời',
  'export.refused': 'Từ chối trả lời (em chọn không trả lời)',
  'export.otherChoice': 'Khác',
  'export.otherText': 'khác, ghi rõ',
  'export.instances': 'số lần lặp',
  'export.status.complete': 'hoàn chỉnh',
  'export.status.draft': 'bản nháp',
  'export.flag.chosen': 'Có chọn',
  'export.flag.notChosen': 'Không chọn (có trả lời câu hỏi)',

  // Metadata columns
  'export.meta.uuid': 'Mã định danh phiếu trả lời (UUID)',
  'export.meta.number': 'Số phiếu',
  'export.meta.paperCode': 'Mã phiếu giấy',
  'export.meta.status': 'Trạng thái phiếu (hoàn chỉnh / bản nháp)',
  'export.meta.createdAt': 'Thời điểm bắt đầu nhập (UTC)',
  'export.meta.updatedAt': 'Thời điểm sửa gần nhất (UTC)',
  'export.meta.completedAt': 'Thời điểm hoàn thành (UTC)',
  'export.meta.deviceId': 'Thiết bị nhập phiếu',
  'export.meta.version': 'Phiên bản khảo sát',
  'export.meta.index': 'Số thứ tự dòng trong bảng này',
  'export.meta.parentTable': 'Bảng chứa dòng cha',
  'export.meta.parentIndex': 'Số thứ tự (_index) của dòng cha',
  'export.meta.submission': 'Mã định danh (_uuid) của phiếu trả lời',

  // Data types in the codebook
  'export.format.text': 'văn bản',
  'export.format.integer': 'số nguyên',
  'export.format.decimal': 'số thập phân',
  'export.format.date': 'ngày (YYYY-MM-DD)',
  'export.format.time': 'giờ (HH:MM:SS)',
  'export.format.datetime': 'ngày giờ (ISO 8601)',
  'export.format.choice': 'mã lựa chọn (văn bản)',
  'export.format.choiceNumber': 'mã lựa chọn (số)',
  'export.format.choices': 'các mã lựa chọn, cách nhau bởi dấu cách',
  'export.format.flag': '0/1',

  // Codebook header
  'export.cb.table': 'Bảng',
  'export.cb.column': 'Cột',
  'export.cb.spssName': 'Tên biến SPSS',
  'export.cb.question': 'Câu hỏi (tên biến)',
  'export.cb.type': 'Loại câu hỏi',
  'export.cb.format': 'Kiểu dữ liệu',
  'export.cb.labelVi': 'Nhãn (tiếng Việt)',
  'export.cb.labelEn': 'Nhãn (tiếng Anh)',
  'export.cb.value': 'Giá trị',
  'export.cb.valueLabelVi': 'Nhãn giá trị (tiếng Việt)',
  'export.cb.valueLabelEn': 'Nhãn giá trị (tiếng Anh)',
  'export.cb.note': 'Ghi chú',

  // Codebook notes
  'export.note.identifying': 'Thông tin nhận dạng: được xuất theo yêu cầu.',
  'export.note.spssRenamed': 'Trong SPSS có tên {name}.',
  'export.note.count': 'Số dòng của phiếu này trong bảng {table}.',
  'export.note.labelSeparator': 'Các lựa chọn cách nhau bởi dấu chấm phẩy.',
  'export.note.title': 'Khảo sát: {title}. Phiên bản: {versions}. Số phiếu trả lời: {responses}. Thời điểm xuất: {at} (UTC).',
  'export.note.leftOutResponses': 'Không xuất các phiếu đã xoá và các lần nhập lại để đối chiếu (nhập hai lần).',
  'export.language.vi': 'tiếng Việt',
  'export.language.en': 'tiếng Anh',
  'export.note.modeValues': 'Ô dữ liệu chứa mã lựa chọn; nhãn của từng mã có trong bảng mã này.',
  'export.note.modeLabels': 'Ô dữ liệu chứa nhãn lựa chọn bằng {lang} (thiếu thì dùng ngôn ngữ kia, rồi đến mã).',
  'export.note.refusalValues':
    'Câu trả lời "từ chối trả lời" (em chọn không trả lời) được ghi là {code} ở mọi cột của câu hỏi đó. Trong tệp Excel, {code} là ô văn bản nên các hàm SUM, AVERAGE, COUNT bỏ qua; trong SPSS, {code} là giá trị khuyết do người dùng khai báo.',
  'export.note.refusalLabels': 'Câu trả lời "từ chối trả lời" (em chọn không trả lời) được ghi là "{word}" ở mọi cột của câu hỏi đó.',
  'export.note.blank': 'Ô trống: câu hỏi không được hỏi (do điều kiện hiển thị), bị bỏ qua, hoặc chưa nhập tới.',
  'export.note.flags':
    'Câu nhiều lựa chọn: một cột chứa các mã cách nhau bởi dấu cách, và một cột 0/1 cho mỗi lựa chọn (tên/mã): 1 = có chọn, 0 = không chọn dù đã trả lời câu hỏi, trống = không trả lời.',
  'export.note.repeats':
    'Nhóm lặp lại: mỗi nhóm có một bảng riêng. Nối với bảng cha bằng _parent_table_name và _parent_index (= _index của dòng cha); _submission__uuid là _uuid của phiếu trả lời.',
  'export.note.escape':
    "Văn bản bắt đầu bằng =, +, -, @, dấu tab hoặc xuống dòng được thêm dấu ' ở đầu để bảng tính không chạy nó như công thức. Bỏ dấu ' đầu tiên để có lại văn bản gốc.",
  'export.note.headers': 'Tiêu đề cột là tên biến, giống nhau ở mọi chế độ xuất; nhãn câu hỏi có trong bảng mã này.',
  'export.note.spssNames':
    'Tên biến SPSS: ký tự SPSS không nhận được đổi thành _, ký tự đầu không phải chữ cái bị bỏ, tên dài quá 64 ký tự bị cắt, tên trùng được thêm _2, _3… Cột "Tên biến SPSS" cho biết tên của từng cột.',
  'export.note.csvLineBreaks': 'Trong tệp CSV, dấu xuống dòng trong câu trả lời được ghi thành dấu cách để mỗi phiếu nằm trên một dòng (SPSS đòi hỏi như vậy). Tệp Excel giữ nguyên.',
  'export.note.leftOutIdentifying':
    'Không xuất các câu hỏi có thông tin nhận dạng: {names} ({count} câu hỏi, {columns} cột). Chỉ xuất các câu này khi thật cần thiết, và bảo vệ tệp cẩn thận.',
  'export.note.includedIdentifying': 'CẢNH BÁO: tệp này có thông tin nhận dạng trẻ em ({names}). Hãy bảo vệ tệp cẩn thận và không chia sẻ.',

  // SPSS syntax comments
  'export.spss.title': 'Tiếng Nói: phiếu trả lời của khảo sát "{title}", cú pháp SPSS.',
  'export.spss.modeValues': 'Dữ liệu dạng mã; {code} = từ chối trả lời (giá trị khuyết do người dùng khai báo), các lựa chọn 98 “không biết” và 99 “em không muốn nói” (nếu danh sách có) cũng vậy.',
  'export.spss.modeLabels': 'Dữ liệu dạng nhãn: các cột câu hỏi được đọc là chuỗi. Để phân tích, hãy xuất dạng mã (không dùng --labels).',
  'export.spss.folder': 'Đặt tệp này cùng thư mục với các tệp CSV; nếu SPSS không tìm thấy tệp, hãy sửa đường dẫn thư mục trong lệnh CD bên dưới.',
  'export.spss.table': 'Bảng {table}: tệp {file}.',

  // Command line and API
  'export.done': 'Đã xuất {responses} phiếu trả lời ({columns} cột). Các tệp:',
  'export.leftOut': 'Không xuất các câu hỏi có thông tin nhận dạng: {names} ({count} câu hỏi, {columns} cột). Chỉ thêm --include-identifying khi thật cần.',
  'export.includedWarning': 'Cảnh báo: tệp xuất có thông tin nhận dạng trẻ em ({names}). Hãy bảo vệ tệp cẩn thận và không chia sẻ.',
  'export.error.cannotExport': 'Chưa xuất được: {reason}',
  'export.error.format': 'Chỉ xuất được ra tệp .xlsx hoặc .csv, không phải "{file}".',
  'export.error.tooManyRows': 'Bảng {table} có {rows} dòng, vượt giới hạn {max} dòng của một trang tính Excel. Hãy xuất ra CSV.',
  'export.error.write': 'Không ghi được tệp {file}: {detail}',
} as const satisfies Record<`export.${string}`, string>;
