/**
 * Messages of the expression language (skip logic, constraints, calculations), Vietnamese. Keys start with "expr.".
 * Problems from core/expressions carry {field} as an id; the caller replaces it with expr.field.<id> before formatting.
 * Syntax errors are expr.error.<code>, one per ExprErrorCode (the type of checkExpression requires them).
 */
export const expressionsVi = {
  'expr.field.relevance': 'điều kiện hiển thị',
  'expr.field.constraint': 'ràng buộc',
  'expr.field.calculation': 'phép tính',
  'expr.field.choiceFilter': 'bộ lọc lựa chọn',
  'expr.field.repeatCount': 'số lần lặp',
  'expr.field.default': 'giá trị mặc định',

  'expr.unknownQuestion':
    'Trong {field} của câu hỏi {question}: không có câu hỏi nào tên ${{ref}}. Có phải bạn muốn viết ${{suggestion}}?',
  'expr.unknownQuestionNoSuggestion': 'Trong {field} của câu hỏi {question}: không có câu hỏi nào tên ${{ref}}.',
  'expr.selfReference': 'Trong {field} của câu hỏi {question}: biểu thức không được dựa vào chính câu hỏi này.',
  'expr.badRegex': 'Trong {field} của câu hỏi {question}: mẫu regex "{pattern}" không hợp lệ.',

  'expr.error.empty': 'Lỗi trong {field} của câu hỏi {question}: biểu thức đang để trống.',
  'expr.error.unexpectedCharacter':
    'Lỗi ở ký tự thứ {column} trong {field} của câu hỏi {question}: không dùng được ký tự "{char}" trong biểu thức.',
  'expr.error.curlyQuote':
    'Lỗi ở ký tự thứ {column} trong {field} của câu hỏi {question}: dấu nháy cong {char} (thường do sao chép từ Word) không dùng được, hãy gõ dấu nháy thẳng \' hoặc ".',
  'expr.error.unclosedString':
    'Lỗi ở ký tự thứ {column} trong {field} của câu hỏi {question}: đoạn văn bản mở dấu nháy nhưng chưa đóng.',
  'expr.error.unclosedReference': 'Lỗi ở ký tự thứ {column} trong {field} của câu hỏi {question}: thiếu dấu } để đóng ${…}.',
  'expr.error.badReferenceName':
    'Lỗi ở ký tự thứ {column} trong {field} của câu hỏi {question}: "{name}" không phải là tên câu hỏi hợp lệ (tên bắt đầu bằng chữ cái hoặc _, sau đó chỉ gồm chữ cái không dấu, chữ số, _ . -).',
  'expr.error.unexpectedToken': 'Lỗi ở ký tự thứ {column} trong {field} của câu hỏi {question}: "{token}" đặt ở đây không đúng cú pháp.',
  'expr.error.unexpectedEnd':
    'Lỗi ở ký tự thứ {column} trong {field} của câu hỏi {question}: biểu thức dừng giữa chừng, còn thiếu một giá trị.',
  'expr.error.missingParenthesis': 'Lỗi ở ký tự thứ {column} trong {field} của câu hỏi {question}: thiếu dấu ) để đóng ngoặc.',
  'expr.error.extraParenthesis': 'Lỗi ở ký tự thứ {column} trong {field} của câu hỏi {question}: thừa dấu ).',
  'expr.error.bareName':
    'Lỗi ở ký tự thứ {column} trong {field} của câu hỏi {question}: muốn dùng câu trả lời của câu hỏi thì viết ${{name}}, không viết {name}.',
  'expr.error.unknownFunction': 'Lỗi ở ký tự thứ {column} trong {field} của câu hỏi {question}: hàm {name}() không được hỗ trợ.',
  'expr.error.wrongArgumentCount':
    'Lỗi ở ký tự thứ {column} trong {field} của câu hỏi {question}: hàm {name}() cần {expected} tham số nhưng ở đây có {count}.',
  'expr.error.tooFewArguments':
    'Lỗi ở ký tự thứ {column} trong {field} của câu hỏi {question}: hàm {name}() cần ít nhất {min} tham số nhưng ở đây có {count}.',
  'expr.error.referenceExpected':
    'Lỗi ở ký tự thứ {column} trong {field} của câu hỏi {question}: tham số thứ {argument} của hàm {name}() phải là một câu hỏi, viết dạng ${…}.',
  'expr.error.parentExpected':
    'Lỗi ở ký tự thứ {column} trong {field} của câu hỏi {question}: hàm {name}() chỉ nhận đúng "..", như position(..).',
  'expr.error.misplacedParent': 'Lỗi ở ký tự thứ {column} trong {field} của câu hỏi {question}: ".." chỉ dùng được trong position(..).',
  'expr.error.tooDeep': 'Lỗi ở ký tự thứ {column} trong {field} của câu hỏi {question}: biểu thức lồng quá nhiều lớp ngoặc.',
} as const satisfies Record<`expr.${string}`, string>;
