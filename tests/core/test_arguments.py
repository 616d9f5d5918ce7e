"""The shared argument checks: what they accept, what they refuse, and the name in every message."""

import math

import numpy as np
import pytest

from transposed_conv.core import arguments


class Raising:
    """An object whose array conversion raises, as a learner's own class might."""

    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array")

    def __len__(self):
        raise RuntimeError("no length")


def test_numeric_array_keeps_the_dtype_of_real_numbers():
    assert arguments.numeric_array("x", [1, 2]).dtype.kind == "i"
    assert arguments.numeric_array("x", np.arange(3, dtype=np.uint8)).dtype == np.uint8
    np.testing.assert_array_equal(arguments.numeric_array("x", [[1.5, 2.0]]), [[1.5, 2.0]])


def test_real_array_is_float64_and_shares_memory_when_it_can():
    values = np.arange(4.0)
    out = arguments.real_array("x", values)
    assert out.dtype == np.float64 and np.shares_memory(out, values)
    assert arguments.real_array("x", [1, 2]).dtype == np.float64
    assert arguments.real_array("x", 3).shape == ()


@pytest.mark.parametrize("check", [arguments.numeric_array, arguments.real_array])
@pytest.mark.parametrize(
    "value, what",
    [
        (np.array([True, False]), "booleans"),
        (np.array([1 + 2j]), "complex numbers"),
        ([None, 1.0], "Python objects"),
        (np.array(["ab"]), "strings"),
        (np.array([b"ab"]), "bytes"),
        ("abc", "a string"),
        (b"abc", "a string"),
        (Raising(), "Raising"),
    ],
)
def test_arrays_of_anything_but_real_numbers_are_refused_naming_the_argument(check, value, what):
    with pytest.raises(TypeError, match=f"^kernel must be an array of real numbers, got .*{what}"):
        check("kernel", value)


@pytest.mark.parametrize(
    "check, args",
    [
        (arguments.numeric_array, ([1.0],)),
        (arguments.real_array, ([1.0],)),
        (arguments.real_number, (1.0,)),
    ],
)
@pytest.mark.parametrize("name", ["", None, 3])
def test_a_bad_name_is_refused(check, args, name):
    with pytest.raises(ValueError, match="^name must be a non-empty string"):
        check(name, *args)


def test_real_number_accepts_finite_reals():
    assert arguments.real_number("size", 2) == 2.0 and isinstance(
        arguments.real_number("size", 2), float
    )
    assert arguments.real_number("size", np.float32(0.5)) == 0.5
    assert arguments.real_number("size", -1.5) == -1.5
    assert arguments.real_number("size", 1e-9, positive=True) == 1e-9


@pytest.mark.parametrize("value", [True, np.bool_(False), "1", None, 1j, [1.0], np.array([1.0])])
def test_real_number_refuses_non_numbers_with_type_error(value):
    with pytest.raises(TypeError, match="^size must be a real number"):
        arguments.real_number("size", value)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 10**400])
def test_real_number_refuses_non_finite_with_value_error(value):
    with pytest.raises(ValueError, match="^size must be a finite number"):
        arguments.real_number("size", value)


@pytest.mark.parametrize("value", [0, -0.5, 10**400])
def test_real_number_positive_refuses_zero_and_negatives(value):
    with pytest.raises(ValueError, match="^size must be a finite positive number"):
        arguments.real_number("size", value, positive=True)
