"""The student and instructor editions (tools/editions.py): stubs, solutions apart, checks that can fail."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import editions  # noqa: E402

NOTEBOOKS = sorted(editions.NOTEBOOKS.glob("*.ipynb"))
CHECK_CALL = re.compile(r"^check\.exercise_(\d+)\(")


def exercises(notebook: nbformat.NotebookNode) -> dict[int, nbformat.NotebookNode]:
    return {n: cell for cell in notebook.cells if (n := editions.exercise_number(cell)) is not None}


def stub_kind(source: str) -> str | None:
    """'value' for ``answer_N = None``, 'coding' for a function that raises NotImplementedError, else None."""
    code = [line for line in source.splitlines() if line.strip() and not line.strip().startswith("#")]
    if len(code) == 1 and re.fullmatch(r"answer_\d+ = None(\s+#.*)?", code[0]):
        return "value"
    if code and code[0].startswith("def ") and "raise NotImplementedError" in code[-1]:
        return "coding"
    return None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_exercises_are_stubs_with_a_check_and_a_solution(path):
    notebook = nbformat.read(path, as_version=4)
    found = exercises(notebook)
    kinds = {n: stub_kind(cell.source) for n, cell in found.items()}
    assert sorted(found) == list(range(1, len(found) + 1)), f"exercise tags must run 1..N: {sorted(found)}"
    assert len(found) >= 3, f"{path.name}: {len(found)} exercises, at least 3 expected"
    assert list(kinds.values()).count("coding") >= 2, f"{path.name}: fewer than 2 coding exercises: {kinds}"
    assert None not in kinds.values(), f"{path.name}: these exercise cells hold no stub: {kinds}"
    assert sorted(editions.read_solutions(editions.solutions_path(path))) == sorted(found)
    # Each stub is followed by its check cell, which calls the notebook's check module and nothing else.
    cells = notebook.cells
    module = f"tvlib.course.notebook_{path.name[:2]}"
    importlib.import_module(module)
    assert any(f"from tvlib.course import notebook_{path.name[:2]} as check" in c.source for c in cells), module
    for n, cell in found.items():
        following = cells[cells.index(cell) + 1 :]
        check = next((c for c in following if editions.is_check(c)), None)
        assert check is not None, f"{path.name}: exercise {n} has no check cell after it"
        match = CHECK_CALL.match(check.source.strip())
        assert match and int(match.group(1)) == n, f"{path.name}: exercise {n}'s check cell: {check.source!r}"
    assert sum(map(editions.is_check, cells)) == len(found), f"{path.name}: one check cell per exercise"


def solution_lines(path: Path) -> list[str]:
    """The solution lines that the stubs do not have (long enough to be telling)."""
    notebook = nbformat.read(path, as_version=4)
    stubs = {n: set(map(str.strip, c.source.splitlines())) for n, c in exercises(notebook).items()}
    lines = []
    for n, body in editions.read_solutions(editions.solutions_path(path)).items():
        for line in map(str.strip, body.splitlines()):
            if len(line) >= 12 and line not in stubs.get(n, set()) and not line.startswith(("#", '"""')):
                lines.append(line)
    return lines


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_solution_text_in_the_student_edition(path):
    text = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells)
    leaked = [line for line in solution_lines(path) if line in text]
    assert leaked == [], f"{path.name} shows solution lines: {leaked}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_instructor_edition_fills_every_stub(path):
    student = nbformat.read(path, as_version=4)
    key = editions.instructor(student, editions.read_solutions(editions.solutions_path(path)), path.stem)
    for n, cell in exercises(key).items():
        assert stub_kind(cell.source) is None, f"{path.name}: exercise {n} still a stub in the instructor edition"
        assert "NotImplementedError" not in cell.source and "= None" not in cell.source.splitlines()[0]
    assert len(key.cells) == len(student.cells)
    assert [c.source for c in key.cells if editions.exercise_number(c) is None] == [
        c.source for c in student.cells if editions.exercise_number(c) is None
    ]


def test_test_editions_end_with_the_verdict_check(tmp_path):
    path = NOTEBOOKS[0]
    written = editions.build("test", tmp_path, [path])
    assert {p.parent.name for p in written} == {"student", "instructor"}
    count = sum(map(editions.is_check, nbformat.read(path, as_version=4).cells))
    for target in written:
        last = nbformat.read(target, as_version=4).cells[-1].source
        verdict = "not done" if target.parent.name == "student" else "correct"
        assert f'require_verdicts("{verdict}", {count})' in last


def test_the_tool_refuses_a_missing_or_an_orphan_solution():
    student = nbformat.v4.new_notebook()
    stub = nbformat.v4.new_code_cell("answer_1 = None")
    stub.metadata["tags"] = ["exercise-1"]
    student.cells = [stub]
    with pytest.raises(ValueError, match="exercise 1 has no section"):
        editions.instructor(student, {}, "demo")
    with pytest.raises(ValueError, match=r"exercises \[2\]"):
        editions.instructor(student, {1: "answer_1 = 3", 2: "answer_2 = 4"}, "demo")
    assert editions.instructor(student, {1: "answer_1 = 3"}, "demo").cells[0].source == "answer_1 = 3"


def test_solution_sections_are_read_whole(tmp_path):
    path = tmp_path / "demo.py"
    path.write_text('"""Solutions."""\n\n# %% exercise 1\nanswer_1 = 3\n\n# %% exercise 2\ndef f(x):\n    return x\n')
    assert editions.read_solutions(path) == {1: "answer_1 = 3", 2: "def f(x):\n    return x"}
