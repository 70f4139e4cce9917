"""Typed formulas: the parser's messages and hints (core.expr, core.symbolic), as the pages and the
link notices show them. Names, numbers and the formula's own characters stay as they were typed."""

ZH: dict[str, str] = {
    # ---- how a page shows a formula it cannot use
    "This formula cannot be used: {problem} (character {pos}, marked below). Still showing f = {fallback}.": (
        "此公式无法使用：{problem}（第 {pos} 个字符，见下方标记）。仍显示 f = {fallback}。"
    ),
    "This formula cannot be used: {problem} (character {pos}, marked below).": (
        "此公式无法使用：{problem}（第 {pos} 个字符，见下方标记）。"
    ),
    "This formula cannot be used: {problem}. Still showing f = {fallback}.": (
        "此公式无法使用：{problem}。仍显示 f = {fallback}。"
    ),
    "This formula cannot be used: {problem}.": "此公式无法使用：{problem}。",
    "Hint: {hint}": "提示：{hint}",
    # ---- in a link notice
    "{problem} at character {pos}": "{problem}（第 {pos} 个字符）",
    "{problem} at character {pos} ({hint})": "{problem}（第 {pos} 个字符；{hint}）",
    "{problem} ({hint})": "{problem}（{hint}）",
    # ---- characters
    "comma is not allowed": "不允许使用逗号",
    "every function takes one argument; decimals use '.'": "每个函数只接受一个参数；小数点请用 '.'",
    "';' is not allowed": "不允许使用 ';'",
    "a formula is a single expression": "公式只能是一个表达式",
    "quotes are not allowed": "不允许使用引号",
    "a formula has no text in it": "公式中不能有文字",
    "'.' outside a number": "数字之外出现了 '.'",
    "'.' is only allowed inside a number such as 0.5": "'.' 只能出现在数字中，例如 0.5",
    "brackets are not allowed": "不允许使用方括号",
    "braces are not allowed": "不允许使用花括号",
    "group with ( and )": "请用 ( 和 ) 分组",
    "'=' is not allowed": "不允许使用 '='",
    "type only the right-hand side of f(x, y) = ...": "只需输入 f(x, y) = ... 的右边部分",
    "line break is not allowed": "不允许换行",
    "a formula is one line": "公式只能写成一行",
    "character {ch!r} is not allowed": "不允许使用字符 {ch!r}",
    "use + - * / ** ^ and parentheses": "请使用 + - * / ** ^ 和括号",
    "control character {ch!r} is not allowed": "不允许使用控制字符 {ch!r}",
    "non-ASCII character {ch!r} ({name})": "不允许使用非 ASCII 字符 {ch!r}",
    "type {ascii_form!r} instead": "请改为输入 {ascii_form!r}",
    "formulas are plain ASCII": "公式只能使用 ASCII 字符",
    # ---- numbers and names
    "malformed number {number!r}": "数字 {number!r} 的格式不正确",
    "number {number!r} is out of range": "数字 {number!r} 超出了范围",
    "number too large: {shown}": "数值太大：{shown}",
    "at most {limit} in magnitude": "绝对值最多为 {limit}",
    "{word} is a function": "{word} 是函数",
    "write {word}(...)": "请写成 {word}(...)",
    "{word} is a variable, not a function": "{word} 是变量，不是函数",
    "{word} is a constant, not a function": "{word} 是常数，不是函数",
    "write {word}*(...) to multiply": "相乘请写成 {word}*(...)",
    "{word!r} is not allowed": "不允许使用 {word!r}",
    "a formula uses finite numbers only": "公式中只能使用有限的数",
    "unknown name {word!r}": "未知的名称 {word!r}",
    "names are lower case: {low}": "名称都是小写的：{low}",
    "allowed: {allowed}": "可用的名称：{allowed}",
    # ---- structure
    "formula is nested too deeply": "公式嵌套的层数太多",
    "at most {n} levels of parentheses, functions, signs and exponents": "括号、函数、正负号和指数最多嵌套 {n} 层",
    "formula is too long": "公式太长",
    "at most {n} numbers, names and operations": "最多 {n} 个数字、名称和运算",
    "formula is too long: {n} characters": "公式太长：{n} 个字符",
    "at most {limit} characters": "最多 {limit} 个字符",
    "empty formula": "公式为空",
    "type f(x, y), e.g. x**2 + 10*y**2": "请输入 f(x, y)，例如 x**2 + 10*y**2",
    "a formula must be text, not {kind}": "公式必须是文本，而不是 {kind}",
    "missing operator before {token!r}": "{token!r} 之前缺少运算符",
    "write multiplication as 2*x": "乘法要写成 2*x 的形式",
    "unmatched ')'": "多余的 ')'：前面没有与之配对的 '('",
    "unexpected end of formula": "公式在这里意外结束",
    "unexpected {token!r}": "这里不应出现 {token!r}",
    "missing ')'": "缺少 ')'",
    "to close the '(' at character {char}": "用来闭合第 {char} 个字符处的 '('",
    "formula ends too early": "公式结束得太早",
    "expected a number, x, y, pi, e, a function such as sin(...) or '('": (
        "这里应当是数字、x、y、pi、e、函数（例如 sin(...)）或 '('"
    ),
    # ---- values
    "{snippet} is undefined": "{snippet} 没有定义",
    "division by zero": "除以零",
    "an exponent that depends on x or y needs a positive constant base": "依赖 x 或 y 的指数需要一个正的常数底数",
    "x**y is undefined for x < 0; write exp(y*log(x)) instead": "x**y 在 x < 0 时没有定义；请改写为 exp(y*log(x))",
    "exponent too large: {snippet}": "指数太大：{snippet}",
    "nested powers too high": "嵌套乘方的次数太高",
    "the exponents of nested powers multiply to at most {limit}": "嵌套乘方的各个指数相乘最多为 {limit}",
    # ---- the symbolic gradient (core.symbolic)
    "formula is too complex": "公式太复杂",
    "its {what} need more than {limit} array operations": "计算它需要超过 {limit} 次数组运算",
    "formula needs an operation the evaluator lacks: {kind}": "公式需要求值器不支持的运算：{kind}",
    "formula is undefined": "公式处处没有定义",
    "it divides by an expression that is always zero": "它除以了一个恒为零的表达式",
}
