"""Which context variables a template uses, checked against the published ``GenerationContext`` schema.

Jinja's own ``meta.find_undeclared_variables`` (and docxtpl's ``get_undeclared_template_variables``) only
name top-level variables, so ``contract.partys`` would pass. This walks the AST with scopes: ``for`` loop
variables stand for an item of the array they iterate (``s`` in ``{% for s in contract.sla %}`` is
``contract.sla[]``), ``set``/``with`` bind what they are given, macro arguments are unknown and therefore
free. ``data.*`` is free by schema (``additionalProperties``). Paths are reported as ``contract.sla[].metric``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes

from docsvc.generate.context import context_schema
from docsvc.generate.environment import SAFE_STR_METHODS

Schema = dict[str, Any]
_DICT_METHODS = frozenset({"items", "keys", "values", "get"})
_SAME_SHAPE_FILTERS = frozenset({"default", "d", "sort", "reverse", "unique", "list", "select", "reject",
                                 "selectattr", "rejectattr", "batch", "slice"})  # fmt: skip
_ITEM_FILTERS = frozenset({"first", "last", "min", "max"})
_ATTRIBUTE_ARG_FILTERS = frozenset({"selectattr", "rejectattr", "groupby"})  # first argument names an attribute
_NOT_ALLOWED = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "import",
                nodes.Extends: "extends"}  # fmt: skip


@dataclass(frozen=True)
class Ref:
    """A value in the template: its schema (None = free-form) and how it is written vs. what it is."""

    schema: Schema | None
    spelled: str
    path: str | None  # canonical context path, None for locals without one (macro arguments)


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    lineno: int
    suggestion: str | None = None


class SchemaView:
    def __init__(self, schema: Schema) -> None:
        self.root = schema
        self._defs: dict[str, Schema] = schema.get("$defs", {})

    def resolve(self, schema: Schema | None) -> Schema | None:
        """Follow ``$ref`` and drop ``null`` from ``anyOf``; several real alternatives make the value free."""
        while schema is not None:
            if "$ref" in schema:
                schema = self._defs.get(schema["$ref"].rsplit("/", 1)[-1])
            elif "anyOf" in schema:
                options = [s for s in schema["anyOf"] if s.get("type") != "null"]
                schema = options[0] if len(options) == 1 else None
            else:
                return schema
        return None

    def child(self, schema: Schema, name: str) -> tuple[bool, Schema | None, list[str]]:
        """(found, child schema, the names that exist) for ``schema.name``."""
        if schema.get("type") == "object" or "properties" in schema:
            props: dict[str, Schema] = schema.get("properties", {})
            if not props:  # additionalProperties: free-form, like ``data``
                return True, None, []
            if name in props:
                return True, self.resolve(props[name]), []
            return False, None, sorted(props)
        return False, None, []

    def items(self, schema: Schema | None) -> Schema | None:
        if schema is not None and schema.get("type") == "array":
            return self.resolve(schema.get("items"))
        return None


class VariableChecker:
    """Walk one parsed template; collects ``findings`` and the ``used`` context paths."""

    def __init__(self, filters: set[str], globals_: set[str]) -> None:
        self.view = SchemaView(context_schema())
        self.filters = filters
        self.globals = globals_
        self.findings: list[Finding] = []
        self.used: set[str] = set()
        self._visitors: dict[type[nodes.Node], Callable[[Any, dict[str, Ref]], Ref | None]] = {
            nodes.Name: self._name, nodes.Getattr: self._getattr, nodes.Getitem: self._getitem,
            nodes.Call: self._call, nodes.Filter: self._filter, nodes.For: self._for, nodes.Assign: self._assign,
            nodes.AssignBlock: self._assign_block, nodes.Macro: self._macro, nodes.CallBlock: self._call_block,
            nodes.With: self._with, nodes.FilterBlock: self._filter_block,
        }  # fmt: skip

    def check(self, template: nodes.Template) -> None:
        self._body(template.body, {})

    def _body(self, body: list[nodes.Node], scope: dict[str, Ref]) -> None:
        for node in body:
            self.visit(node, scope)

    def visit(self, node: nodes.Node | None, scope: dict[str, Ref]) -> Ref | None:
        if node is None:
            return None
        for kind, name in _NOT_ALLOWED.items():
            if isinstance(node, kind):
                self._find("include_not_allowed", f"`{{% {name} %}}` is not available: a template must be "
                           "self-contained", node, "copy the content into this template instead")
                return None
        visitor = self._visitors.get(type(node))
        if visitor is not None:
            return visitor(node, scope)
        for child in node.iter_child_nodes():
            self.visit(child, scope)
        return None

    def _find(self, code: str, message: str, node: nodes.Node, suggestion: str | None = None) -> None:
        self.findings.append(Finding(code, message, node.lineno or 1, suggestion))

    def _use(self, ref: Ref) -> Ref:
        if ref.path is not None:
            self.used.add(ref.path)
        return ref

    def _name(self, node: nodes.Name, scope: dict[str, Ref]) -> Ref | None:
        if node.ctx != "load":
            return None
        if node.name in scope:
            return self._use(scope[node.name])
        if node.name in self.globals:
            return None
        found, schema, names = self.view.child(self.view.root, node.name)
        if not found:
            self._unknown(node, node.name, node.name, names + sorted(scope))
            return None
        return self._use(Ref(schema, node.name, node.name))

    def _member(self, node: nodes.Node, base: Ref | None, name: str) -> Ref | None:
        if name.startswith("_"):
            self._find("forbidden_attribute", f"access to attribute `{name}` is not allowed in templates", node,
                       "remove it: templates can only read the documented context")
            return None
        if base is None or base.schema is None:
            return None
        found, schema, names = self.view.child(base.schema, name)
        spelled = f"{base.spelled}.{name}"
        if not found:
            root = base.spelled.split(".", 1)[0].split("[", 1)[0]
            source = (base.path or "").split("[]", 1)[0]
            note = "" if base.path == base.spelled or not base.path else f" (`{root}` is an item of `{source}`)"
            self._unknown(node, spelled, name, names, prefix=base.spelled, note=note)
            return None
        return self._use(Ref(schema, spelled, f"{base.path}.{name}" if base.path else None))

    def _unknown(self, node: nodes.Node, what: str, name: str, names: list[str], prefix: str = "",
                 note: str = "") -> None:
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        guess = f"{prefix}.{close[0]}" if close and prefix else (close[0] if close else None)
        message = f"`{what}` is not in the generation context{note}"
        if guess:
            message += f"; did you mean `{guess}`?"
        self._find("unknown_variable", message, node,
                   f"use `{guess}`" if guess else "see GET /v1/generation-context/schema for the variables")

    def _getattr(self, node: nodes.Getattr, scope: dict[str, Ref]) -> Ref | None:
        return self._member(node, self.visit(node.node, scope), node.attr)

    def _getitem(self, node: nodes.Getitem, scope: dict[str, Ref]) -> Ref | None:
        base = self.visit(node.node, scope)
        arg = node.arg
        if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
            return self._member(node, base, arg.value)
        self.visit(arg, scope)
        if base is None or base.schema is None:
            return None
        if isinstance(arg, nodes.Slice):
            return base
        items = self.view.items(base.schema)
        if items is None:
            return None
        index = str(arg.value) if isinstance(arg, nodes.Const) and isinstance(arg.value, int) else ""
        return self._use(Ref(items, f"{base.spelled}[{index}]", f"{base.path}[]" if base.path else None))

    def _call(self, node: nodes.Call, scope: dict[str, Ref]) -> Ref | None:
        func = node.node
        for arg in [*node.args, *(kw.value for kw in node.kwargs), node.dyn_args, node.dyn_kwargs]:
            self.visit(arg, scope)
        if isinstance(func, nodes.Getattr):
            base = self.visit(func.node, scope)
            schema = base.schema if base is not None else None
            kind = schema.get("type") if schema is not None else None
            if schema is None or (kind == "string" and func.attr in SAFE_STR_METHODS):
                return None
            if kind == "object" and func.attr in _DICT_METHODS and func.attr not in schema.get("properties", {}):
                return None
            self._member(func, base, func.attr)
            return None
        self.visit(func, scope)
        return None

    def _filter(self, node: nodes.Filter, scope: dict[str, Ref]) -> Ref | None:
        value = self.visit(node.node, scope)
        self._check_filter(node, scope)
        items = self.view.items(value.schema) if value is not None else None
        if value is not None and items is not None:
            item = Ref(items, f"{value.spelled}[]", f"{value.path}[]" if value.path else None)
            attrs = [kw.value for kw in node.kwargs if kw.key == "attribute"]
            if node.name in _ATTRIBUTE_ARG_FILTERS and node.args:
                attrs.append(node.args[0])
            for attr in attrs:
                if isinstance(attr, nodes.Const) and isinstance(attr.value, str):
                    ref: Ref | None = item
                    for part in attr.value.split("."):
                        ref = self._member(node, ref, part)
            if node.name in _ITEM_FILTERS:
                return item
        return value if node.name in _SAME_SHAPE_FILTERS else None

    def _check_filter(self, node: nodes.Filter | nodes.FilterBlock, scope: dict[str, Ref]) -> None:
        target = node if isinstance(node, nodes.Filter) else node.filter
        for arg in [*target.args, *(kw.value for kw in target.kwargs), target.dyn_args, target.dyn_kwargs]:
            self.visit(arg, scope)
        if target.name not in self.filters:
            close = difflib.get_close_matches(target.name, sorted(self.filters), n=1, cutoff=0.6)
            message = f"the filter `{target.name}` does not exist or is not allowed"
            self._find("unknown_filter", message + (f"; did you mean `{close[0]}`?" if close else ""), node,
                       f"use `{close[0]}`" if close else "allowed filters: " + ", ".join(sorted(self.filters)))

    def _filter_block(self, node: nodes.FilterBlock, scope: dict[str, Ref]) -> None:
        self._check_filter(node, scope)
        self._body(node.body, dict(scope))

    def _for(self, node: nodes.For, scope: dict[str, Ref]) -> None:
        source = self.visit(node.iter, scope)
        inner = dict(scope)
        items = self.view.items(source.schema) if source is not None else None
        item = Ref(items, "", f"{source.path}[]" if source and source.path else None) if items else None
        self._bind(node.target, item, inner)
        inner["loop"] = Ref(None, "loop", None)
        self.visit(node.test, inner)
        self._body(node.body, inner)
        self._body(node.else_, dict(scope))

    def _bind(self, target: nodes.Node, ref: Ref | None, scope: dict[str, Ref]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = Ref(ref.schema, target.name, ref.path) if ref else Ref(None, target.name, None)
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self._bind(item, None, scope)

    def _assign(self, node: nodes.Assign, scope: dict[str, Ref]) -> None:
        self._bind(node.target, self.visit(node.node, scope), scope)

    def _assign_block(self, node: nodes.AssignBlock, scope: dict[str, Ref]) -> None:
        if node.filter is not None:
            self._check_filter(nodes.FilterBlock([], node.filter, lineno=node.lineno), scope)
        self._body(node.body, dict(scope))
        self._bind(node.target, None, scope)

    def _macro(self, node: nodes.Macro, scope: dict[str, Ref]) -> None:
        scope[node.name] = Ref(None, node.name, None)
        for default in node.defaults:
            self.visit(default, scope)
        inner = dict(scope)
        for name in ("varargs", "kwargs", "caller"):
            inner[name] = Ref(None, name, None)
        for arg in node.args:
            self._bind(arg, None, inner)
        self._body(node.body, inner)

    def _call_block(self, node: nodes.CallBlock, scope: dict[str, Ref]) -> None:
        self.visit(node.call, scope)
        inner = dict(scope)
        for arg in node.args:
            self._bind(arg, None, inner)
        self._body(node.body, inner)

    def _with(self, node: nodes.With, scope: dict[str, Ref]) -> None:
        inner = dict(scope)
        for target, value in zip(node.targets, node.values, strict=True):
            self._bind(target, self.visit(value, scope), inner)
        self._body(node.body, inner)


def leaf_paths(paths: set[str]) -> list[str]:
    """Drop paths that only lead to a longer one (``contract`` when ``contract.title`` is used)."""
    return sorted(p for p in paths if not any(o != p and (o.startswith(p + ".") or o.startswith(p + "["))
                                              for o in paths))
