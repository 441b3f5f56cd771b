"""Nesting limits checked before a template is parsed, compiled or walked (issue 10, finding 13).

Jinja's recursive-descent parser, its code generator and our ``VariableChecker`` recurse once per level of
parentheses, blocks (``{% if %}`` inside ``{% if %}``), prefix operators and chained expressions. 100 nested
parentheses or 300 nested ``if`` blocks raised ``RecursionError`` in the web process (a 500). These checks
walk the token stream and the syntax tree with loops, not recursion, and refuse templates far deeper than any
document needs, well below the depth at which Python's recursion limit is reached.
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment, nodes

MAX_BRACKETS = 20  # (… [… {… nested inside one expression
MAX_BLOCKS = 40  # {% if %}/{% for %}/… open at the same time
MAX_LOOPS = 16  # nested {% for %}: each is a Python loop, and Python compiles at most 20 nested ones
MAX_PREFIX = 10  # "not not -x": each prefix operator is one more recursion in the parser
MAX_TREE_DEPTH = 120  # syntax-tree depth: long filter chains and a + b + c + … nest to the left
HINT = "simplify the template: split deeply nested conditions and expressions into separate {% set %} steps"
_OPEN, _CLOSE, _PREFIX = "([{", ")]}", "+-"  # env.lex() reports these as kind "operator"
_BLOCKS = {"if", "for", "macro", "call", "filter", "with", "block", "autoescape", "trans"}


@dataclass(frozen=True)
class TooDeep:
    message: str
    lineno: int | None


def check_tokens(env: Environment, source: str) -> TooDeep | None:
    """Bracket, block and prefix-operator nesting from the lexer (which is iterative)."""
    brackets = prefix = 0
    blocks: list[str] = []
    after_block_begin = False
    for lineno, kind, value in env.lex(source):
        if kind == "whitespace":
            continue
        operator = value if kind == "operator" else ""
        if operator and operator in _OPEN:
            brackets += 1
            if brackets > MAX_BRACKETS:
                return TooDeep(f"an expression nests brackets more than {MAX_BRACKETS} deep", lineno)
        elif operator and operator in _CLOSE:
            brackets = max(brackets - 1, 0)
        if (operator and operator in _PREFIX) or (kind == "name" and value == "not"):
            prefix += 1
            if prefix > MAX_PREFIX:
                return TooDeep(f"an expression chains more than {MAX_PREFIX} prefix operators", lineno)
        else:
            prefix = 0
        if after_block_begin and kind == "name":
            if value in _BLOCKS:
                blocks.append(value)
                if len(blocks) > MAX_BLOCKS:
                    return TooDeep(f"blocks ({{% if %}}, {{% for %}} …) nest more than {MAX_BLOCKS} deep", lineno)
                if blocks.count("for") > MAX_LOOPS:
                    return TooDeep(f"{{% for %}} loops nest more than {MAX_LOOPS} deep", lineno)
            elif value.startswith("end") and value[3:] in _BLOCKS and value[3:] in blocks:
                while blocks and blocks.pop() != value[3:]:  # a mismatch is the parser's to report
                    pass
        after_block_begin = kind == "block_begin"
    return None


def check_tree(tree: nodes.Template | None) -> TooDeep | None:
    """The syntax tree's depth, measured with an explicit stack."""
    if tree is None:
        return None
    stack: list[tuple[nodes.Node, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            return TooDeep(f"an expression or block structure is more than {MAX_TREE_DEPTH} levels deep",
                           getattr(node, "lineno", None))
        stack.extend((child, depth + 1) for child in node.iter_child_nodes())
    return None
