/** `tiengnoi COMMAND --help`: one entry per command, with its options and an example. */
export const cliHelpVi = {
  'cli.help.new':
    'tiengnoi new TỆP --title "Tên dự án" [--template child-consultation [--provinces 34|63]]\n\n' +
    'Tạo tệp dự án mới (.tiengnoi).\n' +
    '  --title        tên dự án (bắt buộc)\n' +
    '  --template     thêm khảo sát mẫu: child-consultation (tham vấn trẻ em)\n' +
    '  --provinces    danh sách tỉnh, thành của mẫu: 34 (từ 1/7/2025, mặc định) hoặc 63 (trước đó)\n\n' +
    'Ví dụ: tiengnoi new lao-cai.tiengnoi --title "Diễn đàn trẻ em Lào Cai" --template child-consultation',
  'cli.help.info':
    'tiengnoi info TỆP [--json]\n\n' +
    'Thông tin dự án: phiên bản lược đồ, tên, số khảo sát, câu hỏi và phiếu trả lời.\n' +
    '  --json         in ra dạng JSON',
  'cli.help.serve':
    'tiengnoi serve [TỆP] [--port P] [--token T] [--host H] [--dir THƯ_MỤC]\n\n' +
    'Mở ứng dụng trong trình duyệt (chế độ trình duyệt), chỉ trên máy này.\n' +
    '  --port         cổng (mặc định: một cổng còn trống)\n' +
    '  --token        mã truy cập (mặc định: tạo ngẫu nhiên)\n' +
    '  --dir          thư mục chứa các dự án',
  'cli.help.import-form':
    'tiengnoi import-form TỆP BIỂU_MẪU.xlsx [--json]\n\n' +
    'Thêm khảo sát từ một XLSForm (.xlsx hoặc .xls của KoboToolbox, ODK) vào dự án.\n' +
    'Lỗi trong tệp được báo theo tệp, trang tính, dòng và cột; khi có lỗi, dự án không bị thay đổi.\n' +
    '  --json         in kết quả dạng JSON (số câu hỏi, cảnh báo, lỗi)',
  'cli.help.export-form':
    'tiengnoi export-form TỆP RA.xlsx [--survey MÃ]\n\n' +
    'Xuất khảo sát ra XLSForm mà KoboToolbox và ODK đọc được.\n' +
    '  --survey       mã khảo sát (form_id), khi dự án có nhiều khảo sát',
  'cli.help.export-responses':
    'tiengnoi export-responses TỆP RA.xlsx|RA.csv [--labels] [--lang vi|en] [--include-identifying] [--complete-only] [--survey MÃ] [--json]\n\n' +
    'Xuất phiếu trả lời của một khảo sát ra Excel (.xlsx) hoặc CSV, để phân tích bằng Excel, SPSS, R hay Stata.\n' +
    '  - Tiêu đề cột là tên biến. Câu nhiều lựa chọn có thêm một cột 0/1 cho mỗi lựa chọn (tên/mã).\n' +
    '  - Mỗi nhóm lặp lại là một trang tính (hoặc một tệp RA-TÊN_NHÓM.csv), nối với phiếu bằng _parent_index và _submission__uuid.\n' +
    '  - Bảng mã (codebook) ghi nhãn câu hỏi và lựa chọn bằng tiếng Việt và tiếng Anh: trang tính codebook, hoặc tệp RA-codebook.csv.\n' +
    '  - Với CSV còn có tệp cú pháp SPSS (RA.sps) ghi nhãn biến, nhãn giá trị và giá trị khuyết.\n' +
    '  - Từ chối trả lời được ghi là -99 (hoặc "từ chối trả lời" khi dùng --labels); ô trống là câu không được hỏi.\n' +
    '  - Không xuất phiếu đã xoá và lần nhập lại để đối chiếu.\n' +
    '  --labels               ghi nhãn lựa chọn thay cho mã\n' +
    '  --lang vi|en           ngôn ngữ của nhãn, bảng mã và thông báo\n' +
    '  --include-identifying  xuất cả câu hỏi có thông tin nhận dạng (mặc định: không xuất). Hãy bảo vệ tệp cẩn thận\n' +
    '  --complete-only        chỉ xuất phiếu hoàn chỉnh (mặc định: cả bản nháp, có cột _status)\n' +
    '  --survey               mã khảo sát (form_id), khi dự án có nhiều khảo sát\n' +
    '  --json                 in kết quả dạng JSON (số phiếu, số cột, số cột không xuất, các tệp)\n\n' +
    'Ví dụ: tiengnoi export-responses lao-cai.tiengnoi lao-cai.xlsx --labels',
  'cli.help.merge':
    'tiengnoi merge TỆP_GỘP.tiengnoi TỆP_A.tiengnoi TỆP_B.tiengnoi … [--json]\n\n' +
    'Gộp các tệp dự án của cùng một đợt tham vấn (ví dụ nhập trên nhiều máy tính ở các tỉnh) thành một tệp.\n' +
    '  - Phiếu trả lời được nhận ra theo mã định danh (UUID): phiếu giống hệt nhau ở nhiều tệp chỉ tính một lần.\n' +
    '  - Phiếu bị sửa khác nhau ở hai tệp: giữ bản thay đổi sau cùng; bản còn lại được ghi vào lịch sử thay đổi của phiếu\n' +
    '    và được liệt kê (theo số phiếu, mã phiếu và tên câu hỏi, không in câu trả lời).\n' +
    '  - Khảo sát được nhận ra theo mã form_id. Các phiên bản khác nhau đều được giữ; mỗi phiếu giữ phiên bản đã dùng để trả lời.\n' +
    '  - Số phiếu đã có trong tệp gộp thì phiếu mới được đánh số tiếp theo; mã phiếu tự gõ bị trùng được thêm hậu tố (-2).\n' +
    '  - Tệp của dự án khác và không có khảo sát nào chung thì bị từ chối; khi đó không tệp nào bị thay đổi.\n' +
    'Nếu TỆP_GỘP chưa có, nó được tạo từ tệp đầu tiên rồi gộp thêm các tệp còn lại; nếu đã có, các tệp được gộp vào nó.\n' +
    'Các tệp nguồn không bao giờ bị thay đổi. Nếu có lỗi giữa chừng, TỆP_GỘP vẫn như trước (hoặc không được tạo).\n' +
    '  --json         in báo cáo dạng JSON (phiếu mới, phiếu trùng, phiếu bị sửa khác nhau, tệp bị từ chối)\n\n' +
    'Ví dụ: tiengnoi merge tong-hop.tiengnoi lao-cai.tiengnoi dien-bien.tiengnoi ha-giang.tiengnoi',
  'cli.help.import-responses':
    'tiengnoi import-responses TỆP DỮ_LIỆU.xlsx|DỮ_LIỆU.csv [THÊM.csv …] [--survey MÃ] [--json]\n\n' +
    'Nhập phiếu trả lời từ tệp dữ liệu tải về từ KoboToolbox hoặc ODK (Excel, hoặc CSV phân cách bằng , hay ;) vào một khảo sát của dự án.\n' +
    '  - Cột được ghép với câu hỏi theo tên biến (có hoặc không có tên nhóm, ví dụ nhom/cau_hoi) hoặc theo nội dung câu hỏi.\n' +
    '  - Câu nhiều lựa chọn: một cột ghi mã cách nhau bằng dấu cách, hoặc mỗi lựa chọn một cột 1/0.\n' +
    '  - Nhóm lặp lại: cột dạng nhom[2]/cau_hoi, hoặc các trang (tệp) riêng nối theo _parent_index. Với CSV,\n' +
    '    hãy đưa tệp chính và các tệp của nhóm lặp lại trong cùng một lệnh.\n' +
    '  - Mọi giá trị được kiểm tra theo khảo sát. Chỉ cần một ô sai là không nhập phiếu nào: mỗi lỗi được báo\n' +
    '    theo tệp, trang, dòng và cột, dự án không bị thay đổi. Sửa tệp rồi nhập lại.\n' +
    '  - Phiếu được nhận ra theo mã (_uuid, meta/instanceID): nhập lại cùng một tệp không thêm phiếu nào.\n' +
    '  - Các cột không khớp câu hỏi nào được liệt kê, kèm số ô có giá trị.\n' +
    '  --survey       mã khảo sát (form_id), khi dự án có nhiều khảo sát\n' +
    '  --json         in kết quả dạng JSON (số phiếu đã nhập, bỏ qua, cột không khớp, lỗi theo dòng và cột)\n\n' +
    'Ví dụ: tiengnoi import-responses lao-cai.tiengnoi kobo-export.xlsx',
  'cli.help.stats':
    'tiengnoi stats TỆP --question CÂU [--by CÂU] [--layer CÂU] [--filter BIỂU_THỨC] [--buckets 8-11,12-14,15-17] [--min-cell K] [--survey MÃ] [--json]\n' +
    'tiengnoi stats TỆP --saved "TÊN hoặc MÃ" [các tuỳ chọn trên]\n\n' +
    'Bảng tần suất, bảng chéo (phân tổ theo một hoặc hai câu khác) hay thống kê câu trả lời bằng số, trên các phiếu hoàn chỉnh.\n' +
    '  - Bảo vệ ô nhỏ luôn bật: ô có dưới K trẻ (mặc định theo dự án, thường là 5) hiện là "< K", và thêm các ô khác\n' +
    '    được ẩn (×) để không suy ra được từ tổng. Trong JSON, số bị ẩn là null.\n' +
    '  --question     câu hỏi cần thống kê (tên biến); CÂU#codes thống kê các chủ đề đã mã hoá của một câu hỏi mở\n' +
    '  --by           phân tổ theo câu này (ví dụ: sex)\n' +
    '  --layer        và theo từng nhóm của câu này (bảng 3 chiều)\n' +
    "  --filter       chỉ tính các phiếu thoả điều kiện kiểu XLSForm: \"${province} = '10' and ${age} >= 12\",\n" +
    "                 selected(${online_worry}, 'bullying'), not(...)\n" +
    '  --buckets      chia câu trả lời bằng số thành nhóm: 8-11,12-14,15-17\n' +
    '  --min-cell     ngưỡng K của bảng này (3–1000)\n' +
    '  --saved        chạy một phân tích đã lưu (theo tên tiếng Việt hoặc tiếng Anh, hoặc theo mã): câu hỏi, nhóm số và bộ lọc\n' +
    '                 của nó; --by, --layer, --buckets thay cho cái đã lưu, --filter thêm điều kiện vào bộ lọc đã lưu\n' +
    '  --survey       form_id của khảo sát, khi dự án có nhiều khảo sát\n' +
    '  --json         in kết quả dạng JSON: {question, by, n, cells: [{value, by, count, suppressed}]}\n\n' +
    'Ví dụ: tiengnoi stats lao-cai.tiengnoi --question safe_school --by sex --filter "${age} >= 12"',
} as const satisfies Record<string, string>;
