#!/usr/bin/env python3
# Copyright 2026 lot_traceability contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Check that ``tests/__init__.py`` imports every test file of the module.

pytest-odoo collects the ``test_*.py`` files itself, Odoo's own test runner
(``odoo-bin --test-enable``, the runbot, OCA's CI) runs only the test modules that the
package ``tests`` imports: a file missing from ``tests/__init__.py`` passes here and is
silently skipped there. Exits 1 naming the files that are not imported (or imported but
absent).

    tools/check_test_imports.py [module directory]   (default: lot_traceability)
"""

import ast
import pathlib
import sys


def imported_modules(init_path):
    """The names of the modules ``from . import x`` imports in ``init_path``."""
    names = set()
    for node in ast.walk(ast.parse(init_path.read_text(), str(init_path))):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and not node.module:
            names.update(alias.name for alias in node.names)
    return names


def main(argv):
    root = pathlib.Path(__file__).resolve().parent.parent
    module = pathlib.Path(argv[1]) if len(argv) > 1 else root / "lot_traceability"
    tests = module / "tests"
    files = {path.stem for path in tests.glob("test_*.py")}
    imported = imported_modules(tests / "__init__.py")
    missing = sorted(files - imported)
    absent = sorted(name for name in imported - files if name.startswith("test_"))
    for name in missing:
        print(f"{tests}/{name}.py is not imported by {tests}/__init__.py: Odoo's runner skips it")
    for name in absent:
        print(f"{tests}/__init__.py imports {name}, which has no file {name}.py")
    return 1 if missing or absent else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
