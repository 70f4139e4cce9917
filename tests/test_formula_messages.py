"""Formula errors in the learner's language: every message and hint of the parser is a template
with values (core never sees the language), every template has its Chinese translation, and the
pages and link notices show them translated with the position and the caret kept."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_i18n import english_runs

from optim_viz import i18n
from optim_viz.core.expr import ParseError, check
from optim_viz.core.symbolic import compile_formula
from optim_viz.i18n import english, translator
from optim_viz.i18n.locales import load
from optim_viz.state.notices import formula_notice, why
from optim_viz.state.playground import decode_query

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("_CHARACTER_ERRORS", "_WHAT_FITS")  # module-level tables of messages and hints
SOURCES = [ROOT / "optim_viz/core/expr.py", ROOT / "optim_viz/core/symbolic.py"]


def _strings(node: ast.AST, names: dict[str, list[str]]) -> list[str]:
    """The template texts an argument can be: a literal, either branch of ``a if c else b``, or a
    name assigned a literal in the same function (or the module)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body, names) + _strings(node.orelse, names)
    if isinstance(node, ast.Name):
        return names.get(node.id, [])
    return []


def _assigned(scope: ast.AST) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            out.setdefault(node.targets[0].id, []).extend(_strings(node.value, {}))
    return out


def parser_templates() -> set[str]:
    """Every message and hint template the parser and the symbolic compiler can raise."""
    found: set[str] = set()
    for path in SOURCES:
        tree = ast.parse(path.read_text())
        module_names = _assigned(tree)
        scopes = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.Module))]
        for scope in scopes:
            names = module_names | _assigned(scope)
            for call in (n for n in ast.walk(scope) if isinstance(n, ast.Call)):
                f = call.func
                if isinstance(f, ast.Name) and f.id == "ParseError":
                    where = (0, 3)  # ParseError(message, position, text, hint, **values)
                elif isinstance(f, ast.Attribute) and f.attr == "error":
                    where = (0, 2)  # the parser's self.error(message, position, hint, **values)
                else:
                    continue
                args = [call.args[i] for i in where if len(call.args) > i]
                args += [k.value for k in call.keywords if k.arg == "hint"]
                for a in args:
                    found.update(_strings(a, names))
        for node in ast.walk(tree):  # the table of characters learners often try, and what fits where
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") in TABLES:
                found.update(c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant) and
                             isinstance(c.value, str) and len(c.value) > 1)  # fmt: skip
    return found


def test_the_template_collector_sees_the_parser():
    templates = parser_templates()
    assert len(templates) > 50
    assert {"unknown name {word!r}", "allowed: {allowed}", "comma is not allowed",
            "expected a number, x, y, pi, e, a function such as sin(...) or '('", "formula is too complex",
            "{word} is a constant, not a function", "at most {n} levels of parentheses, functions, signs and exponents",
            } <= templates  # fmt: skip


def test_every_parser_message_and_hint_has_its_chinese():
    catalogue = load()
    missing = sorted(t for t in parser_templates() if t not in catalogue)
    assert missing == []


FORMULAS = ["x**2 + foo(y)", "x +", "sin()", "x, y", "x**y", "1/0 + x", "(x + y", "x ** 11", "sin", "x(2)",
            "Sin(x)", "x × y", "2x", "", "((x**5)**5)**5", "1e7*x", "nan*x", "x = 1", "x + 'a'", "1.2.3"]  # fmt: skip


@pytest.mark.parametrize("text", FORMULAS)
def test_a_parse_error_renders_in_both_languages(text):
    err = check(text)
    assert isinstance(err, ParseError)
    message, hint = err.render(english)
    assert (message, hint) == (err.message, err.hint)  # the English text is the templates filled in
    i18n.MISSING.clear()
    zh_message, zh_hint = err.render(translator("zh"))
    assert not i18n.MISSING, sorted(i18n.MISSING)
    assert re.search(r"[\u4e00-\u9fff]", zh_message) and english_runs(zh_message) == []
    assert not zh_hint or english_runs(zh_hint) == []


def test_the_symbolic_compiler_errors_render_too():
    with pytest.raises(ParseError) as info:
        compile_formula("1/(x - x)")
    assert info.value.render(translator("zh")) == ("公式处处没有定义", "它除以了一个恒为零的表达式")


def test_a_link_notice_keeps_the_character_and_translates_the_reason():
    err = check("x**2 + foo(y)")
    notice = formula_notice(err)
    assert why(err) == notice
    assert str(notice).startswith("unknown name 'foo' at character 8 (allowed: x, y")
    assert notice.render(translator("zh")).startswith("未知的名称 'foo'（第 8 个字符；可用的名称：x, y")
    _, notices = decode_query({"surface": "custom", "expr": "x + foo(y)"})
    (shown,) = [n.render(translator("zh")) for n in notices]
    assert "未知的名称 'foo'（第 5 个字符" in shown and english_runs(shown) == []


def test_typing_a_bad_formula_on_the_momentum_page_in_chinese():
    at = AppTest.from_file(ROOT / "pages" / "momentum.py", default_timeout=30)
    at.query_params.update({"lang": "zh", "surface": "custom", "expr": "x**2 + y**2"})
    at.run()
    at.text_input(key="momentum__expr").input("x**2 + foo(y)").run()
    assert not at.exception
    (error,) = at.error
    assert error.value.startswith("此公式无法使用：未知的名称 'foo'（第 8 个字符") and english_runs(error.value) == []
    assert at.caption[-1].value.startswith("提示：可用的名称") or any(c.value.startswith("提示：") for c in at.caption)
    assert at.code[0].value == "x**2 + foo(y)\n       ^"


def test_typing_a_bad_formula_in_english_names_the_problem_and_the_character():
    at = AppTest.from_file(ROOT / "pages" / "momentum.py", default_timeout=30)
    at.query_params.update({"surface": "custom", "expr": "x**2 + y**2"})
    at.run()
    at.text_input(key="momentum__expr").input("(x + y").run()
    (error,) = at.error
    assert error.value == "This formula cannot be used: missing ')' (character 7, marked below)."
    assert any(c.value == "Hint: to close the '(' at character 1" for c in at.caption)
