"""A refused formula names the column of the mistake in the text the user typed."""

import pytest

from playground.core.surfaces.formula import parse_formula
from playground.core.params import ParamError


@pytest.mark.parametrize("text, column", [
    ("x + y (", 7),          # no ^: the parser's column is already the typed one
    ("x^2 + (y", 7),         # one ^ before the mistake: the parser saw x**2, one column more
    ("x^2^3 + )", 9),        # two ^ before it
    ("(x^2", 1),             # a ^ after the mistake does not move it
])
def test_the_error_names_the_typed_column(text, column):
    with pytest.raises(ParamError) as err:
        parse_formula(text)
    assert f"at column {column})" in str(err.value)
    assert text[column - 1] in "()"  # the column really points at the bracket
