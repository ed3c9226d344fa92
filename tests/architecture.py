"""The shape checks behind tests/test_architecture.py: pure AST, no Django, no database.

Each rule turns the source tree into findings, a mapping from a stable key ("file" or
"file:function") to a number (a count or a length). tests/architecture_allowances.toml lists
today's exceptions with that number and the reason; the test fails on a finding that is not
listed, on a number that differs from the listed one, and on a listed entry that is no longer
a finding. `python -m tests.architecture` prints what the file should say for the code as it is
now (reasons kept, new entries marked TODO); `--write` writes it.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "chorus"
ALLOWANCES = Path(__file__).resolve().parent / "architecture_allowances.toml"

MAX_MODULE_LINES = 400
MAX_VIEW_LINES = 25

# Django's write methods. `.save()` and `.delete()` count only without positional arguments
# (a model's or a queryset's take none; cache.delete(key), storage.delete(name) and PIL's
# image.save(fp) take one); `.update()` and `.create()` only with keyword arguments alone
# (dict.update(other) and set.update(items) take positional ones). The rest are Django's alone.
WRITE_METHODS_NO_POSITIONAL = {"save", "delete", "update", "create"}
WRITE_METHODS_ALWAYS = {"get_or_create", "update_or_create", "bulk_create", "bulk_update"}
WRITE_METHODS = WRITE_METHODS_NO_POSITIONAL | WRITE_METHODS_ALWAYS
MANAGERS = {"objects", "_default_manager", "_base_manager"}
# Where an app may change its own tables: its services, plus the modules the issue names that
# are services by another name (counter shards, the shredders privacy runs).
SERVICE_MODULES = {"services.py", "counters.py", "shredders.py"}
SERVICE_PACKAGES = {"services"}

ROUTE_DECORATORS = {"path", "re_path", "route"}


@dataclass(frozen=True)
class Module:
    path: Path
    rel: str  # "chorus/app/module.py", the key used in findings
    app: str  # "app" for chorus/app/..., "" for chorus/urls.py and friends
    tree: ast.Module
    lines: int


def python_modules(root: Path = ROOT) -> Iterator[Module]:
    """Every module of the package except migrations (generated, frozen history)."""
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = path.relative_to(root).parts
        if "migrations" in parts:
            continue
        text = path.read_text(encoding="utf-8")
        app = parts[1] if len(parts) > 2 else ""
        yield Module(
            path=path,
            rel="/".join(parts),
            app=app,
            tree=ast.parse(text, filename=str(path)),
            lines=len(text.splitlines()),
        )


def parse_module(source: str, rel: str) -> Module:
    """A module from source text, for the detectors' own tests."""
    parts = rel.split("/")
    app = parts[1] if len(parts) > 2 else ""
    return Module(Path(rel), rel, app, ast.parse(source), len(source.splitlines()))


# --- scopes ---------------------------------------------------------------------------

Where = dict[str, list[int]]  # key -> line numbers of what was counted there


def _note(where: Where | None, key: str, node: ast.stmt | ast.expr) -> None:
    if where is not None:
        where.setdefault(key, []).append(node.lineno)


def _walk_scoped(node: ast.AST, scope: tuple[str, ...]) -> Iterator[tuple[ast.AST, tuple[str, ...]]]:
    """Every node under `node` with the names of the classes and functions around it."""
    for child in ast.iter_child_nodes(node):
        yield child, scope
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield from _walk_scoped(child, (*scope, child.name))
        else:
            yield from _walk_scoped(child, scope)


def _key(module: Module, scope: tuple[str, ...]) -> str:
    return f"{module.rel}:{'.'.join(scope) or '<module>'}"


# --- (a) writes outside services ---------------------------------------------------------


def _chain(node: ast.expr) -> list[ast.expr]:
    """The receiver chain of a call, outermost first: a.b.filter(x).c -> [.c, call, .filter, .b, a]."""
    chain: list[ast.expr] = []
    current: ast.expr | None = node
    while current is not None:
        chain.append(current)
        if isinstance(current, ast.Attribute):
            current = current.value
        elif isinstance(current, ast.Call):
            current = current.func
        elif isinstance(current, ast.Subscript):
            current = current.value
        else:
            current = None
    return chain


def is_write(call: ast.Call) -> bool:
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in WRITE_METHODS:
        return False
    if func.attr in WRITE_METHODS_ALWAYS:
        return True
    if any(not isinstance(arg, ast.Starred) for arg in call.args):
        return False
    if func.attr in {"update", "create"}:
        on_manager = any(isinstance(n, ast.Attribute) and n.attr in MANAGERS for n in _chain(func.value))
        return on_manager or (bool(call.keywords) and not call.args)
    return True


def _imported_names(module: Module) -> dict[str, str]:
    """Import bindings anywhere in the module: local name -> the dotted name it stands for."""
    names: dict[str, str] = {}
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ImportFrom):
            # `from .models import X` in chorus/app/x.py names chorus.app.models.X.
            package = module.rel.removesuffix(".py").split("/")[: -node.level] if node.level else []
            base = ".".join([*package, *([node.module] if node.module else [])])
            for alias in node.names:
                names[alias.asname or alias.name] = f"{base}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                first = alias.name.split(".")[0]
                names[alias.asname or first] = alias.name if alias.asname else first
    return names


def _owner(call: ast.Call, module: Module, imported: dict[str, str]) -> str | None:
    """The chorus app whose model a `Model.objects.<write>` call changes, when the name says so."""
    chain = _chain(call.func)
    if not any(isinstance(n, ast.Attribute) and n.attr in MANAGERS for n in chain):
        return None
    root = chain[-1]
    if not isinstance(root, ast.Name):
        return None
    if root.id in {"self", "cls"}:
        return module.app
    dotted = imported.get(root.id)
    if dotted is None:
        # A class of this module (or a name bound some other way): this app's.
        defined = {n.name for n in module.tree.body if isinstance(n, ast.ClassDef)}
        return module.app if root.id in defined else None
    parts = dotted.split(".")
    return parts[1] if parts[0] == PACKAGE and len(parts) > 2 else None


def _is_service_module(module: Module) -> bool:
    parts = module.rel.split("/")
    return parts[-1] in SERVICE_MODULES or any(p in SERVICE_PACKAGES for p in parts[2:-1])


def _is_demo_module(module: Module) -> bool:
    return any(p.startswith("demo") for p in module.rel.split("/")[2:])


def _overrides_itself(call: ast.Call, scope: tuple[str, ...]) -> bool:
    """`super().save(...)` inside `save`: the model defining its own write, not a write from outside."""
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and bool(scope)
        and func.attr == scope[-1]
        and isinstance(func.value, ast.Call)
        and isinstance(func.value.func, ast.Name)
        and func.value.func.id == "super"
    )


def writes_outside_services(modules: list[Module], where: Where | None = None) -> Counter[str]:
    """(a) Model writes outside their owning app's service modules, counted per function."""
    found: Counter[str] = Counter()
    for module in modules:
        if _is_demo_module(module):
            continue
        service = _is_service_module(module)
        imported = _imported_names(module)
        for node, scope in _walk_scoped(module.tree, ()):
            if not isinstance(node, ast.Call) or not is_write(node) or _overrides_itself(node, scope):
                continue
            owner = _owner(node, module, imported)
            if service and owner in {None, module.app}:
                continue
            found[_key(module, scope)] += 1
            _note(where, _key(module, scope), node)
    return found


# --- (b) function-local imports ----------------------------------------------------------


def _app_config_classes(module: Module) -> set[str]:
    return {
        node.name
        for node in ast.walk(module.tree)
        if isinstance(node, ast.ClassDef)
        and any(
            (isinstance(base, ast.Name) and base.id == "AppConfig")
            or (isinstance(base, ast.Attribute) and base.attr == "AppConfig")
            for base in node.bases
        )
    }


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def local_imports(modules: list[Module], where: Where | None = None) -> Counter[str]:
    """(b) Imports inside functions, except in AppConfig.ready and `if TYPE_CHECKING:`."""
    found: Counter[str] = Counter()

    def visit(node: ast.AST, module: Module, scope: tuple[str, ...], in_function: bool, ready: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for orelse in child.orelse:
                    visit(orelse, module, scope, in_function, ready)
                continue
            if isinstance(child, ast.Import | ast.ImportFrom) and in_function and not ready:
                found[_key(module, scope)] += 1
                _note(where, _key(module, scope), child)
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                is_ready = ready or (
                    child.name == "ready" and len(scope) == 1 and scope[0] in _app_config_classes(module)
                )
                visit(child, module, (*scope, child.name), True, is_ready)
            elif isinstance(child, ast.ClassDef):
                visit(child, module, (*scope, child.name), in_function, ready)
            else:
                visit(child, module, scope, in_function, ready)

    for module in modules:
        visit(module.tree, module, (), False, False)
    return found


# --- (c) long modules --------------------------------------------------------------------


def long_modules(modules: list[Module]) -> Counter[str]:
    """(c) Modules over MAX_MODULE_LINES lines, with their length."""
    return Counter({m.rel: m.lines for m in modules if m.lines > MAX_MODULE_LINES})


# --- (d) long views ----------------------------------------------------------------------


def _is_view_module(module: Module) -> bool:
    name = module.rel.rsplit("/", 1)[-1]
    return name == "views.py" or name.startswith("admin_") or "views" in module.rel.split("/")[2:-1]


def _is_route(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name in ROUTE_DECORATORS:
            return True
    return False


def view_lengths(module: Module) -> dict[str, int]:
    """Every view of a module and its length, `def` line to last line (decorators not counted)."""
    views: dict[str, int] = {}
    view_module = _is_view_module(module)

    def length(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
        return (function.end_lineno or function.lineno) - function.lineno + 1

    for node in module.tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and view_module:
            views[_key(module, (node.name,))] = length(node)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and (
                    view_module or _is_route(item)
                ):
                    views[_key(module, (node.name, item.name))] = length(item)
    return views


def long_views(modules: list[Module]) -> Counter[str]:
    """(d) Views over MAX_VIEW_LINES lines, with their length."""
    found: Counter[str] = Counter()
    for module in modules:
        found.update({k: n for k, n in view_lengths(module).items() if n > MAX_VIEW_LINES})
    return found


# --- allowances --------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    section: str  # the table in architecture_allowances.toml
    title: str
    unit: str  # what the number counts
    advice: str  # how to fix a new finding


RULES = {
    "writes": Rule(
        "writes",
        "model writes outside the owning app's services",
        "writes",
        "move the write into a function in <app>/services.py of the app that owns the model, and call it",
    ),
    "local_imports": Rule(
        "local_imports",
        "function-local imports",
        "imports",
        "import at the top of the module; an import cycle means the code is in the wrong layer "
        "(see [tool.importlinter] in pyproject.toml); connect signals in AppConfig.ready()",
    ),
    "module_lines": Rule(
        "module_lines",
        f"modules over {MAX_MODULE_LINES} lines",
        "lines",
        "split the module by idea (STYLE.md habit 7)",
    ),
    "view_lines": Rule(
        "view_lines",
        f"views over {MAX_VIEW_LINES} lines",
        "lines",
        "parse with a form, call a service, respond: move the logic into services.py or the form",
    ),
}


def findings(
    modules: list[Module] | None = None, where: dict[str, Where] | None = None
) -> dict[str, Counter[str]]:
    """Every rule's findings; `where`, if given, collects the line numbers of counted ones."""
    modules = list(python_modules()) if modules is None else modules
    if where is not None:
        where.setdefault("writes", {})
        where.setdefault("local_imports", {})
    return {
        "writes": writes_outside_services(modules, where and where["writes"]),
        "local_imports": local_imports(modules, where and where["local_imports"]),
        "module_lines": long_modules(modules),
        "view_lines": long_views(modules),
    }


@dataclass(frozen=True)
class Allowance:
    number: int
    why: str


def load_allowances(path: Path = ALLOWANCES) -> dict[str, dict[str, Allowance]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {
        section: {key: Allowance(entry["n"], entry["why"]) for key, entry in data.get(section, {}).items()}
        for section in RULES
    }


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


HEADER = """\
# Today's exceptions to the shape checks (tests/test_architecture.py, rules in tests/architecture.py).
# A ratchet: every entry is a real violation of today's code, with its exact count or length (n)
# and why it is still here (the issue 11 step that removes it). The list only shrinks: fixing
# code means deleting or lowering its entry; nothing new is added without a reason a reviewer
# accepts. `python -m tests.architecture` prints this file for the code as it is (reasons
# kept, new entries marked TODO); `--write` rewrites it.
"""


def render_allowances(found: dict[str, Counter[str]], allowed: dict[str, dict[str, Allowance]]) -> str:
    out = [HEADER]
    for section, rule in RULES.items():
        out.append(f"\n# {rule.title}: n = {rule.unit}\n[{section}]\n")
        for key in sorted(found[section]):
            known = allowed.get(section, {}).get(key)
            why = known.why if known else "TODO: why it is allowed and which step removes it"
            out.append(f"{_toml_string(key)} = {{ n = {found[section][key]}, why = {_toml_string(why)} }}\n")
    return "".join(out)


def main(argv: list[str]) -> int:
    text = render_allowances(findings(), load_allowances() if ALLOWANCES.exists() else {})
    if "--write" in argv:
        ALLOWANCES.write_text(text, encoding="utf-8")
        print(f"wrote {ALLOWANCES.relative_to(ROOT)}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
