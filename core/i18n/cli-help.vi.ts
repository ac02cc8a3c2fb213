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
} as const satisfies Record<string, string>;
