"""The small OData grammar users may send in `columns` and `filter`: a tokenizer, a parser, and what it allows.

Grammar (OData v4 $filter, a strict subset)::

    filter     := or_expr
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := primary ("and" primary)*
    primary    := "(" or_expr ")" | comparison
    comparison := member OPERATOR literal
    member     := NAME ("/" NAME)*          (a path is never a known column, so users cannot send one)
    OPERATOR   := eq | ne | gt | ge | lt | le
    literal    := 'text' ('' inside) | number | true | false | null | ISO date or date-time | GUID

Nothing else parses: no functions, no `not`, no arithmetic, no lambdas. What is sent on is rebuilt from the
parsed tree, never the user's text, so a literal is always re-quoted by us.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NoReturn

from aind_metadata_service.sources.base import odata_literal

OPERATORS = frozenset({"eq", "ne", "gt", "ge", "lt", "le"})
CONSTANTS = frozenset({"true", "false", "null"})
NAME_START = re.compile(r"[A-Za-z_]")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})?)?")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
MAX_LENGTH = 2000  # a filter longer than this is not a question a person typed


class FilterError(ValueError):
    """The text is not in the grammar, or names a column the table does not have; the message says which."""


@dataclass(frozen=True)
class Token:
    """One lexeme: its kind (name, op, keyword, string, number, date, guid, constant, paren, slash) and text."""

    kind: str
    text: str
    at: int


@dataclass(frozen=True)
class Comparison:
    """`member op literal`; `literal` is already in OData's spelling (strings quoted and escaped)."""

    member: str
    op: str
    literal: str
    kind: str


@dataclass(frozen=True)
class Junction:
    """Operands joined by `and` or `or`."""

    op: str
    operands: tuple[Node, ...]


Node = Comparison | Junction


def _string(text: str, start: int) -> tuple[Token, int]:
    """The quoted literal starting at `start`, with '' as an escaped quote."""
    i, chars = start + 1, []
    while i < len(text):
        if text[i] == "'":
            if text[i + 1 : i + 2] == "'":
                chars.append("'")
                i += 2
                continue
            return Token("string", odata_literal("".join(chars)), start), i + 1
        chars.append(text[i])
        i += 1
    raise FilterError(f"the text literal starting at position {start + 1} is not closed")


def _word(text: str, start: int) -> tuple[Token, int]:
    """A name, an operator, `and`/`or`, or a constant; a name followed by '(' is a function, which is refused."""
    found = NAME.match(text, start)
    assert found is not None  # the caller saw a name's first character
    word, end = found.group(), found.end()
    if word in OPERATORS:
        return Token("op", word, start), end
    if word in ("and", "or"):
        return Token("keyword", word, start), end
    if word in CONSTANTS:
        return Token("constant", word, start), end
    rest = text[end:].lstrip()
    if rest.startswith("("):
        raise FilterError(f"functions are not allowed: {word}(...) at position {start + 1}")
    if word == "not":
        raise FilterError(f"'not' is not supported (position {start + 1}); use ne")
    return Token("name", word, start), end


def tokenize(text: str) -> list[Token]:
    """The filter's tokens.

    :raises FilterError: at the first character that begins no token.
    """
    if len(text) > MAX_LENGTH:
        raise FilterError(f"the filter is longer than {MAX_LENGTH} characters")
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()/":
            kind = "slash" if char == "/" else "paren"
            tokens.append(Token(kind, char, i))
            i += 1
        elif char == "'":
            token, i = _string(text, i)
            tokens.append(token)
        elif NAME_START.match(char) and not GUID.match(text, i):
            token, i = _word(text, i)
            tokens.append(token)
        else:
            token, i = _literal(text, i)
            tokens.append(token)
    return tokens


def _literal(text: str, start: int) -> tuple[Token, int]:
    """A GUID, date, date-time or number; anything else is an unexpected character."""
    for kind, pattern in (("guid", GUID), ("date", DATE), ("number", NUMBER)):
        found = pattern.match(text, start)
        if found and not NAME_START.match(text[found.end() : found.end() + 1] or " "):
            return Token(kind, found.group(), start), found.end()
    raise FilterError(f"unexpected {text[start]!r} at position {start + 1}")


class _Parser:
    """Recursive descent over the tokens, one method per rule of the grammar."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens, self.i = tokens, 0

    def peek(self) -> Token | None:
        """The next token, if any."""
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, kind: str, what: str) -> Token:
        """The next token, which must be of `kind`."""
        token = self.peek()
        if token is None:
            raise FilterError(f"the filter ends where {what} was expected")
        if token.kind != kind:
            raise FilterError(f"expected {what} at position {token.at + 1}, found {token.text!r}")
        self.i += 1
        return token

    def junction(self, op: str, operand: str) -> Node:
        """`operand (op operand)*` for and/or."""
        items = [getattr(self, operand)()]
        while (token := self.peek()) is not None and token.kind == "keyword" and token.text == op:
            self.i += 1
            items.append(getattr(self, operand)())
        return items[0] if len(items) == 1 else Junction(op, tuple(items))

    def or_expr(self) -> Node:
        """Comparisons or groups joined by `or`."""
        return self.junction("or", "and_expr")

    def and_expr(self) -> Node:
        """Comparisons or groups joined by `and`."""
        return self.junction("and", "primary")

    def primary(self) -> Node:
        """A parenthesised expression or one comparison."""
        token = self.peek()
        if token is not None and token.text == "(":
            self.i += 1
            inner = self.or_expr()
            closing = self.peek()
            if closing is None or closing.text != ")":
                self._unclosed(token)
            self.i += 1
            return inner
        return self.comparison()

    def _unclosed(self, opening: Token) -> NoReturn:
        """Say which '(' is not closed, or what stands where ')' should be."""
        token = self.peek()
        if token is None:
            raise FilterError(f"the '(' at position {opening.at + 1} is not closed")
        raise FilterError(f"expected 'and', 'or' or ')' at position {token.at + 1}, found {token.text!r}")

    def comparison(self) -> Comparison:
        """`member op literal`."""
        parts = [self.take("name", "a column name").text]
        while (token := self.peek()) is not None and token.kind == "slash":
            self.i += 1
            parts.append(self.take("name", "a name after '/'").text)
        op = self.take("op", "one of eq, ne, gt, ge, lt, le").text
        literal = self.peek()
        if literal is None or literal.kind not in ("string", "number", "date", "guid", "constant"):
            where = f"at position {literal.at + 1}, found {literal.text!r}" if literal else "at the end"
            raise FilterError(f"expected a literal (a 'text', number, date, true, false or null) {where}")
        self.i += 1
        return Comparison("/".join(parts), op, literal.text, literal.kind)


def parse(text: str) -> Node:
    """The filter's tree.

    :raises FilterError: saying what is wrong and where.
    """
    tokens = tokenize(text)
    if not tokens:
        raise FilterError("the filter is empty")
    parser = _Parser(tokens)
    tree = parser.or_expr()
    left = parser.peek()
    if left is not None:
        raise FilterError(f"expected 'and' or 'or' at position {left.at + 1}, found {left.text!r}")
    return tree


def members(node: Node) -> list[str]:
    """Every column (or path) the tree compares."""
    if isinstance(node, Comparison):
        return [node.member]
    return [m for operand in node.operands for m in members(operand)]


def render(node: Node, outer: str = "") -> str:
    """The tree in OData's spelling; an `or` inside an `and` keeps its parentheses."""
    if isinstance(node, Comparison):
        return f"{node.member} {node.op} {node.literal}"
    text = f" {node.op} ".join(render(operand, node.op) for operand in node.operands)
    return f"({text})" if outer and outer != node.op else text


def checked_filter(text: str, known: Iterable[str] | None = None) -> str:
    """The filter rebuilt from its tree, once every column it compares is one of `known` (None: grammar only).

    :raises FilterError: for text outside the grammar or an unknown column.
    """
    tree = parse(text)
    allowed = None if known is None else set(known)
    unknown = [m for m in dict.fromkeys(members(tree)) if allowed is not None and m not in allowed]
    if unknown:
        raise FilterError(f"unknown column {', '.join(map(repr, unknown))} in filter")
    return render(tree)


def checked_columns(text: str, known: Iterable[str] | None = None) -> str:
    """A comma-separated column list, each known (None: names only), each once, as $select wants it.

    :raises FilterError: for an empty item, a character a column name cannot hold, or an unknown column.
    """
    allowed = None if known is None else set(known)
    names = [part.strip() for part in text.split(",")]
    for name in names:
        if not name:
            raise FilterError("columns has an empty item; give names separated by commas")
        if not NAME.fullmatch(name):
            raise FilterError(f"column {name!r} is not a column name")
        if allowed is not None and name not in allowed:
            raise FilterError(f"unknown column {name!r} in columns")
    return ",".join(dict.fromkeys(names))
