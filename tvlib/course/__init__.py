"""The course layer: the checks behind the notebooks' exercises, one module per notebook.

``from tvlib.course import notebook_01 as check`` and then ``check.exercise_1(answer_1)``: each check
computes the right answer itself (so neither it nor the explanation stands in the student's
notebook), runs a student's function on fresh random inputs and edge cases, and reports *not done*,
a hint, or the explanation (:mod:`tvlib.core.exercises`). This layer sits above the others and may
use all of them; nothing in tvlib imports it.
"""
