"""Numbers in fields are written as people write them and read back exactly (issue 8)."""

import math

import pytest

from playground.core.optim.optimizers import OPTIMIZERS
from playground.core.params import number_text


@pytest.mark.parametrize("value,text", [
    (1e6, "1e6"), (2.5e-5, "2.5e-5"), (0.0, "0"), (-0.0, "0"), (3.0, "3"), (0.001, "0.001"),
    (0.9, "0.9"), (123456.7, "1.234567e5"), (1e-10, "1e-10"), (99999.0, "99999"), (-4e-7, "-4e-7"),
])
def test_number_text(value, text):
    assert number_text(value) == text
    assert float(text) == value


def test_every_float_reads_back_exactly():
    for v in (1 / 3, math.pi * 1e12, 7.123456789e-9, 0.1 + 0.2, 5e-324, 1.7976931348623157e308):
        assert float(number_text(v)) == v


def test_a_spec_formats_and_parses_back():
    lr = OPTIMIZERS.get("sgd").spec("lr")
    assert lr.format(1e6) == "1e6" and lr.parse("1e6") == 1e6
