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
POSITION = re.compile(r"^error at (\d+):(\d+): ")


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


@dataclass
class _Run:
    """Terms written one after another in a group: a triple pattern, or what is left after ``;`` or ``,``."""

    terms: list[Token]
    needs: int
    """3 for a new pattern, 2 after ``;`` (predicate, object), 1 after ``,`` (object)."""
    closed_by: str = ""
    has_path: bool = False
    """A property path (``/``, ``|``, ``^``…) joins terms: such a run is not counted."""


def _runs(tokens: list[Token]) -> Iterator[_Run]:
    """The term runs directly inside ``{ }``; ``( )`` and ``[ ]`` count as one term where a triple holds
    them, and a ``VALUES`` block and the variables after ``SELECT``, ``GROUP BY`` or ``ORDER BY`` are skipped."""
    run, skip, counting, after_word, values = _Run([], 3), 0, False, False, False
    for token in tokens:
        if skip:
            skip += {"open": 1, "close": -1}.get(token.kind, 0)
            continue
        if token.kind == "open" and (token.text != "{" or values):
            skip, values = 1, False
            if not after_word and counting:
                run.terms.append(token)
        elif token.kind in _TERMS or (token.kind == "word" and token.text in _TERM_WORDS):
            if counting:
                run.terms.append(token)
        elif token.kind == "other" and token.text in "/|^!*+":
            run.has_path = True
        else:
            if counting and run.terms:
                run.closed_by = token.text
                yield run
            run = _Run([], {";": 2, ",": 1}.get(token.text, 3))
            if token.kind in ("open", "close"):
                counting = True
            elif token.kind == "word":
                counting = token.text.upper() not in ("SELECT", "GROUP", "ORDER", "BY", "HAVING")
                values = token.text.upper() == "VALUES"
        after_word = token.kind == "word" and token.text not in _TERM_WORDS
    if counting and run.terms:
        yield run


def _pattern_slip(tokens: list[Token]) -> tuple[int, str] | None:
    """A triple pattern with a term too many (its dot is missing) or too few (before ``.`` or ``}``)."""
    for run in _runs(tokens):
        if run.has_path:
            continue
        if len(run.terms) > run.needs:
            return run.terms[run.needs].offset, "a dot is missing before this term: end each triple pattern with ."
        if run.closed_by in (".", "}") and len(run.terms) < run.needs:
            missing = ["subject", "predicate", "object"][-(run.needs - len(run.terms)) :]
            return run.terms[0].offset, f"this triple pattern has no {' and no '.join(missing)}"
    return None


def _expected(message: str) -> str:
    """Oxigraph's expectation list without its character classes: the quoted tokens, if any."""
    quoted = re.findall(r'"((?:[^"\\]|\\.)+)"', message)
    if quoted:
        return f" (expected one of {', '.join(quoted)})"
    words = re.findall(r"expected ([A-Za-z]+)$", message.strip())
    return f" (expected {words[0]})" if words else ""


def structural(query: str) -> SyntaxProblem | None:
    """The mistake the query's own tokens show (a brace left open, a pattern without its object), or None.

    For an engine whose errors coopgraph cannot read, this is the one diagnosis
    it can give in its own words.
    """
    found_tokens = list(tokens(query))
    problem = _unbalanced(found_tokens) or _pattern_slip(found_tokens)
    return _problem(query, *problem) if problem is not None else None


def explain(query: str, message: str) -> SyntaxProblem:
    """The readable form of Oxigraph's syntax error ``message`` about ``query``."""
    found = POSITION.match(message)
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
    slip = _pattern_slip(found_tokens)
    if slip is not None:
        return _problem(query, *slip)
    here = next((t for t in found_tokens if t.offset >= offset), None)
    what = f"{here.text[:40]} is not expected here" if here is not None else "the query ends too early"
    return _problem(query, offset, what + _expected(detail))
