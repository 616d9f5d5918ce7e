import doctest

import numpy as np
import pytest

from transposed_conv import evidence


def test_same_reports_agreement_with_the_tolerance_not_the_difference(capsys):
    assert bool(evidence.same("A equals B", np.ones((2, 2)), np.ones((2, 2)) + 3e-7)) is True
    assert capsys.readouterr().out == "✓ A equals B (every entry within 1e-06).\n"


def test_same_reports_the_largest_difference(capsys):
    assert bool(evidence.same("A equals B.", [1.0, 2.0], [1.0, 2.5])) is False
    assert capsys.readouterr().out == "✗ Not so: A equals B (largest difference 0.5).\n"


def test_same_reports_different_shapes(capsys):
    assert bool(evidence.same("A equals B", np.zeros((2, 3)), np.zeros((3, 2)))) is False
    assert "shapes (2, 3) and (3, 2)" in capsys.readouterr().out


def test_same_never_agrees_on_nan(capsys):
    assert bool(evidence.same("A equals B", [np.nan], [np.nan])) is False


def test_same_with_no_tolerance_says_exactly(capsys):
    assert bool(evidence.same("A equals B", [1, 2], [1.0, 2.0], atol=0)) is True
    assert bool(evidence.same("A equals B", [1, 2], [1.0, 2.0 + 1e-15], atol=0)) is False
    assert capsys.readouterr().out.splitlines()[0] == "✓ A equals B (exactly)."


def test_same_uses_the_given_tolerance(capsys):
    assert bool(evidence.same("close", [1.0], [1.01], atol=0.05)) is True
    assert bool(evidence.same("close", [1.0], [1.01], atol=0.001)) is False


def test_holds(capsys):
    assert bool(evidence.holds("It holds", True)) is True
    assert bool(evidence.holds("It holds", np.bool_(False))) is False
    assert capsys.readouterr().out == "✓ It holds.\n✗ Not so: It holds.\n"


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: evidence.same("", [1], [1]), "claim"),
        (lambda: evidence.same(3, [1], [1]), "claim"),
        (lambda: evidence.same("c", [1], [1], atol=-1), "atol"),
        (lambda: evidence.same("c", [1], [1], atol=True), "atol"),
        (lambda: evidence.same("c", ["x"], [1]), "a"),
        (lambda: evidence.same("c", [1], object()), "b"),
        (lambda: evidence.holds("c", 1), "condition"),
        (lambda: evidence.holds(None, True), "claim"),
    ],
)
def test_bad_arguments_raise_value_error_naming_them(call, name):
    with pytest.raises(ValueError, match=f"^{name} must"):
        call()


def test_docstring_examples():
    result = doctest.testmod(evidence)
    assert result.attempted >= 2 and result.failed == 0


def test_a_verdict_is_its_value_and_shows_nothing_in_a_notebook(capsys):
    verdict = evidence.holds("It holds", True)
    assert verdict == True and bool(verdict) and repr(verdict) == "Verdict(True)"  # noqa: E712
    assert not evidence.Verdict(np.bool_(False)) and evidence.Verdict(False) == False  # noqa: E712
    capsys.readouterr()
    assert verdict._ipython_display_() is None and capsys.readouterr().out == ""
