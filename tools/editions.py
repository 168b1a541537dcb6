"""The student and instructor editions of the notebooks, from one source.

``notebooks/`` is the student edition: what students open. An exercise there is a code cell tagged
``exercise-N`` holding a stub (``answer_N = None`` or a function that raises ``NotImplementedError``),
followed by a cell tagged ``check`` that checks it (:mod:`tvlib.core.exercises`). The solutions live
apart, in ``solutions/<notebook>.py``: one section per exercise, opened by a line ``# %% exercise N``.
The instructor edition is the student edition with each stub replaced by its section.

Usage::

    python tools/editions.py instructor [--out build/instructor]   # the key, for instructors (make instructor)
    python tools/editions.py test [--out build/editions]           # both editions, each ending in a check

The ``test`` editions end with one more cell, run by nbval in ``make test``: the student edition
asserts that every check reported *not done* (so no check passes on the unsolved stub), the
instructor edition that every check passed.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SOLUTIONS = ROOT / "solutions"
EXERCISE_TAG = re.compile(r"^exercise-(\d+)$")
SECTION = re.compile(r"^# %% exercise (\d+)\s*$", re.M)
CHECK_TAG = "check"


def exercise_number(cell: nbformat.NotebookNode) -> int | None:
    """The N of a cell tagged ``exercise-N`` (the stub a solution replaces), else None."""
    numbers = [int(m.group(1)) for tag in cell.get("metadata", {}).get("tags", []) if (m := EXERCISE_TAG.match(tag))]
    if len(numbers) > 1:
        raise ValueError(f"a cell carries several exercise tags: {numbers}")
    return numbers[0] if numbers else None


def is_check(cell: nbformat.NotebookNode) -> bool:
    return cell.cell_type == "code" and CHECK_TAG in cell.get("metadata", {}).get("tags", [])


def solutions_path(notebook: Path) -> Path:
    return SOLUTIONS / f"{notebook.stem}.py"


def read_solutions(path: Path) -> dict[int, str]:
    """The sections of a solutions file, by exercise number (the text between the ``# %%`` lines)."""
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    marks = list(SECTION.finditer(text))
    sections: dict[int, str] = {}
    for mark, following in zip(marks, [*marks[1:], None]):
        number = int(mark.group(1))
        if number in sections:
            raise ValueError(f"{path.name}: exercise {number} has two sections")
        sections[number] = text[mark.end() : following.start() if following else len(text)].strip("\n") + "\n"
    return {number: body.rstrip("\n") for number, body in sections.items()}


def instructor(notebook: nbformat.NotebookNode, solutions: dict[int, str], name: str) -> nbformat.NotebookNode:
    """A copy of the student ``notebook`` with every stub replaced by its solution."""
    key = nbformat.from_dict(notebook)
    stubs = {}
    for cell in key.cells:
        number = exercise_number(cell)
        if number is None:
            continue
        if number in stubs:
            raise ValueError(f"{name}: two cells are tagged exercise-{number}")
        if number not in solutions:
            raise ValueError(f"{name}: exercise {number} has no section in solutions/{name}.py")
        stubs[number] = cell
        cell.source = solutions[number]
        cell.outputs, cell.execution_count = [], None
    extra = sorted(set(solutions) - set(stubs))
    if extra:
        raise ValueError(f"{name}: solutions/{name}.py has sections for exercises {extra} that no cell is tagged with")
    return key


def with_verdict_check(notebook: nbformat.NotebookNode, verdict: str) -> nbformat.NotebookNode:
    """Append the cell that asserts every check of the notebook gave ``verdict``."""
    checked = nbformat.from_dict(notebook)
    count = sum(map(is_check, checked.cells))
    cell = nbformat.v4.new_code_cell(
        "from tvlib.core.exercises import require_verdicts\n\n"
        f'require_verdicts("{verdict}", {count})  # added by tools/editions.py for the test run'
    )
    checked.cells.append(cell)
    return checked


def write(notebook: nbformat.NotebookNode, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)


def build(kind: str, out: Path, paths: list[Path]) -> list[Path]:
    """Write the editions of ``paths`` below ``out``; returns the files written."""
    written = []
    if kind == "test":
        shutil.rmtree(out, ignore_errors=True)
    for path in paths:
        student = nbformat.read(path, as_version=4)
        key = instructor(student, read_solutions(solutions_path(path)), path.stem)
        if kind == "instructor":
            targets = {out / path.name: key}
        else:
            targets = {
                out / "student" / path.name: with_verdict_check(student, "not done"),
                out / "instructor" / path.name: with_verdict_check(key, "correct"),
            }
        for target, notebook in targets.items():
            write(notebook, target)
            written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=["instructor", "test"])
    parser.add_argument("--out", type=Path, help="output folder (build/instructor or build/editions)")
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_intermixed_args()
    out = args.out or ROOT / "build" / ("instructor" if args.kind == "instructor" else "editions")
    paths = [p.resolve() for p in args.notebooks] or sorted(NOTEBOOKS.glob("*.ipynb"))
    for target in build(args.kind, out.resolve(), paths):
        print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")


if __name__ == "__main__":
    main()
