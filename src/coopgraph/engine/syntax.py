"""SPARQL syntax errors told in the writer's terms: what is wrong, where (once), and the line with a caret.

Oxigraph's parser reports a position and the grammar's raw expectation list
("expected one of Prefix not found, ['%'], ['-' | '0' ..= '9' …"). A person
writing a query needs the usual mistakes named instead: an undeclared prefix,
a brace left open or closed twice, a triple pattern without its dot. Those are
recognised here from the query's own tokens; anything else keeps Oxigraph's
position with only the quoted tokens it expected.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
    (?P<string>(?:'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
      (?:@[A-Za-z][A-Za-z0-9-]*|\^\^(?:<[^<>\s]*>|[\w.-]*:[\w.%-]*))?)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<comment>\#[^\n\r]*)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<number>[+-]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?)
  | (?P<pname>(?:[A-Za-z_][\w.-]*)?:(?:[\w%-]|\.(?=[\w%-]))*)
  | (?P<word>[A-Za-z_][\w-]*)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)
_TERMS = frozenset({"string", "iri", "var", "number", "pname"})
_TERM_WORDS = frozenset({"a", "true", "false"})
_CLOSING = {"{": "}", "(": ")", "[": "]"}
_POSITION = re.compile(r"^error at (\d+):(\d+): ")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    offset: int


@dataclass(frozen=True)
class SyntaxProblem:
    """A readable syntax error: what is wrong and the 1-based line and column it points at."""

    message: str
    line: int
    column: int
    source_line: str

    def text(self) -> str:
        """The error as a person reads it: the sentence with its position, the query line, a caret under it."""
        return (
            f"SPARQL syntax error at line {self.line}, column {self.column}: {self.message}\n"
            f"  {self.source_line}\n  {' ' * (self.column - 1)}^"
        )


def tokens(query: str) -> Iterator[Token]:
    """The query's tokens without comments: strings, IRIs and prefixed names kept whole."""
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup or "other"
        if kind != "comment":
            yield Token(kind, match.group(), match.start())


def _offset(query: str, line: int, column: int) -> int:
    lines = query.split("\n")
    line = min(max(line, 1), len(lines))
    return sum(len(text) + 1 for text in lines[: line - 1]) + max(column - 1, 0)


def _problem(query: str, offset: int, message: str) -> SyntaxProblem:
    offset = min(max(offset, 0), len(query))
    start = query.rfind("\n", 0, offset) + 1
    end = query.find("\n", offset)
    source_line = query[start : end if end >= 0 else len(query)]
    return SyntaxProblem(message, query.count("\n", 0, offset) + 1, offset - start + 1, source_line)


def _unbalanced(tokens: list[Token]) -> tuple[int, str] | None:
    """The first bracket closed without being opened, or left open: its offset and what to do."""
    stack: list[Token] = []
    for token in tokens:
        if token.kind == "open":
            stack.append(token)
        elif token.kind == "close":
            if not stack or _CLOSING[stack[-1].text] != token.text:
                opened = f" (the last one open is {stack[-1].text})" if stack else ""
                return token.offset, f"this {token.text} closes nothing{opened}: remove it or add the opening one"
            stack.pop()
    if stack:
        token = stack[-1]
        return token.offset, f"this {token.text} is never closed: add {_CLOSING[token.text]} where the group ends"
    return None


def _missing_dot(tokens: list[Token]) -> int | None:
    """The offset of a term that starts a triple pattern right after a complete one that had no dot.

    Only terms directly inside ``{ }`` count; ``( )`` and ``[ ]`` are skipped
    whole (one term where a triple holds them), and so are a ``VALUES`` block
    and the variables after ``SELECT``, ``GROUP BY`` or ``ORDER BY``.
    """
    run, skip, counting, after_word, values = 0, 0, False, False, False
    for token in tokens:
        if skip:
            skip += {"open": 1, "close": -1}.get(token.kind, 0)
            continue
        if token.kind == "open" and (token.text != "{" or values):
            skip, values = 1, False
            run = 0 if after_word else run + 1
        elif token.kind in ("open", "close"):
            run, counting = 0, True
        elif token.kind in _TERMS or (token.kind == "word" and token.text in _TERM_WORDS):
            run += 1
            if counting and run == 4:
                return token.offset
        elif token.kind == "word":
            run, counting = 0, token.text.upper() not in ("SELECT", "GROUP", "ORDER", "BY", "HAVING")
            values = token.text.upper() == "VALUES"
        else:
            run = 0
        after_word = token.kind == "word" and token.text not in _TERM_WORDS
        if run == 4 and counting:
            return token.offset
    return None


def _expected(message: str) -> str:
    """Oxigraph's expectation list without its character classes: the quoted tokens, if any."""
    quoted = re.findall(r'"((?:[^"\\]|\\.)+)"', message)
    if quoted:
        return "expected one of " + ", ".join(quoted)
    words = re.findall(r"expected ([A-Za-z]+)$", message.strip())
    return f"expected {words[0]}" if words else "the query cannot be read from here"


def explain(query: str, message: str) -> SyntaxProblem:
    """The readable form of Oxigraph's syntax error ``message`` about ``query``."""
    found = _POSITION.match(message)
    line, column = (int(found.group(1)), int(found.group(2))) if found else (1, 1)
    detail = message[found.end() :] if found else message
    offset = _offset(query, line, column)
    found_tokens = list(tokens(query))
    if "Prefix not found" in detail:
        before = next((t for t in reversed(found_tokens) if t.offset < offset and t.kind == "pname"), None)
        if before is not None:
            prefix = before.text.split(":", 1)[0]
            return _problem(
                query,
                before.offset,
                f"the prefix {prefix}: is not declared; add PREFIX {prefix}: <…> before the query",
            )
        return _problem(query, offset, "a prefix used here is not declared")
    unbalanced = _unbalanced(found_tokens)
    if unbalanced is not None:
        return _problem(query, unbalanced[0], unbalanced[1])
    if '"."' in detail or detail.strip() == "expected OPTIONAL":
        dot = _missing_dot(found_tokens)
        if dot is not None:
            return _problem(query, dot, "a dot is missing before this term: end each triple pattern with .")
    here = next((t for t in found_tokens if t.offset >= offset), None)
    what = f"{here.text[:40]} is not expected here" if here is not None else "the query ends too early"
    return _problem(query, offset, f"{what} ({_expected(detail)})")
