"""The number-and-array self-checks of notebooks 00-07: never raise, never reveal."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from transposed_conv import checks, settings

# (check, its right answer, wrong answers): the number-and-array exercises of notebooks 00-07
# (their build, design and diagnose exercises: test_checks_build_exercises.py)
EXERCISES = [
    (checks.start_output_size, 15, [14, 16, "15", ..., None, [15], True, 15.5]),
    (
        checks.start_by_hand,
        [[1, 1, 3, 2, 2]],
        [[[1, 1, 1, 2, 2]], [1, 1, 3, 2, 2], ..., "abc", [[1, 2]], None],
    ),
    (checks.matrix_shape, (4, 36), [(36, 4), (4, 36.0), "4x36", ..., (16, 36)]),
    (
        checks.matrix_transpose_by_hand,
        [[1, 2, 0], [3, 5, 2], [0, 3, 4]],
        [[[1, 2], [3, 4]], ..., np.eye(3)],
    ),
    (checks.matrix_nonzeros, 6084, [676, 784 * 9, ..., "6084"]),
    (
        checks.flipped_kernel,
        [[4, 3], [2, 1]],
        [[[1, 3], [2, 4]], [[1, 2], [3, 4]], ..., [4, 3, 2, 1]],
    ),
    (checks.distribute_cell, 14, [4, 10, ..., "14", [14]]),
    (checks.stretched_size, 9, [7, 5, ..., (9, 9)]),
    (checks.padding_shape, 10, [12, 8, ..., "10"]),
    (checks.same_shape, 12, [14, 13, ..., None]),
    (checks.output_padding_needed, 0, [1, 2, ..., None, "0"]),
    (
        checks.decoder_output_paddings,
        [None, 0, 0, 0],
        [[0, 0, 0, None], [None] * 4, [0] * 4, [None, 0, 0, 2], [None, 0, 0], [True, 0, 0, 0], ...],
    ),
    (
        checks.keras_kernel_shape,
        (3, 3, 8, 16),
        [(3, 3, 16, 8), (16, 8, 3, 3), ..., "(3, 3, 8, 16)"],
    ),
    (checks.transpose_param_count, 584, [576, 1160, ..., None]),
    (checks.multichannel_by_hand, [[1, 7]], [[[1, 1]], [[2, 8]], [1, 7], ...]),
    (checks.overlap_pattern, [2, 3], [[1, 2], [3], 5, "23", ..., [2, 3, 4]]),
    (checks.even_kernel, 6, [3, 4, 9, ..., "6"]),
    (checks.nearest_then_conv, [2, 3, 4], [[1, 1, 2, 2], [2, 4], ..., "2 3 4"]),
    (checks.decode_by_hand, [2.0, 0.0, 3.0], [[1.0, -2.0, 0.5], [2, 0, 3, 0], ..., "2 0 3"]),
    (checks.code_length, 5, [4, 6, 23, ..., None]),
    (
        checks.taper_weights,
        [0.25, 0.5, 0.75, 1, 0.75, 0.5, 0.25],
        [[1] * 7, [0.5] * 7, [0.25, 0.5, 0.75, 1], ..., "taper"],
    ),
    (checks.reading_layer_params, 4640, [4608, 4624, ..., "4640"]),
    (checks.strided_code_size, 392, [196, 784, ..., None]),
    (checks.upsampled_size, 10, [12, 11, ..., "10"]),
    (checks.stride_padding_by_hand, [[1, 2], [3, 4]], [[[1, 1], [1, 1]], ..., [[1, 2, 3, 4]]]),
]


@pytest.mark.parametrize("check, right, wrongs", EXERCISES)
def test_checks_pass_right_answers_and_gently_refuse_others(capsys, check, right, wrongs):
    check(right)
    assert capsys.readouterr().out.startswith(checks.PASS)
    for wrong in wrongs:
        assert check(wrong) is None
        out = capsys.readouterr().out
        assert out.startswith(checks.NOT_YET), (wrong, out)
        assert str(right) not in out  # the hint does not give the answer away


@pytest.mark.parametrize("check, right, wrongs", EXERCISES)
def test_graded_mode_raises_on_every_wrong_answer_with_the_same_hint(
    capsys, monkeypatch, check, right, wrongs
):
    monkeypatch.delenv(settings.GRADED_ENV, raising=False)
    hints = []
    for wrong in wrongs:
        check(wrong)
        hints.append(capsys.readouterr().out.strip())
    with checks.graded():
        check(right)  # a right answer passes as before
        assert capsys.readouterr().out.startswith(checks.PASS)
        for wrong, hint in zip(wrongs, hints, strict=True):
            with pytest.raises(AssertionError) as raised:
                check(wrong)
            assert str(raised.value) == hint and capsys.readouterr().out == ""
    check(wrongs[0])  # after the block: learners' mode again
    assert capsys.readouterr().out.startswith(checks.NOT_YET)
    monkeypatch.setenv(settings.GRADED_ENV, "1")  # what nbgrader_config.py sets for autograde
    assert checks.graded.active()
    with pytest.raises(AssertionError, match=checks.NOT_YET):
        check(wrongs[0])
    check(right)
    assert capsys.readouterr().out.startswith(checks.PASS)
    monkeypatch.setenv(settings.GRADED_ENV, "0")
    assert not checks.graded.active()


def test_03_decoder_paddings_accept_any_working_answer_and_name_the_wrong_layer(capsys):
    # 2 -> 4 also comes from output_padding=1: (2 - 1) * 2 + 3 - 2 * 1 + 1 = 4
    checks.decoder_output_paddings((1, 0, 0, 0))
    assert capsys.readouterr().out.startswith(checks.PASS)
    checks.decoder_output_paddings([None, None, 0, 0])  # 4 -> 8 where the encoder had 7
    assert "decoder layer 2 takes 4 to 8" in capsys.readouterr().out
    checks.decoder_output_paddings([0, 0, 0, None])
    assert "encoder's order" in capsys.readouterr().out


def test_same_number_and_same_array():
    assert checks.same_number(3, 3.0) and checks.same_number(np.int64(4), 4)
    assert not checks.same_number(True, 1) and not checks.same_number("3", 3)
    assert checks.same_array([[1, 2]], np.array([[1.0, 2.0]]))
    assert not checks.same_array([1, 2], [[1, 2]]) and not checks.same_array(object(), [1])


class _Hostile:
    """An answer whose every protocol method raises."""

    def _fail(self, *args, **kwargs):
        raise RuntimeError("hostile")

    __float__ = __int__ = __index__ = __array__ = __iter__ = __len__ = __eq__ = __bool__ = _fail
    __hash__ = None


def _endless():
    while True:
        yield 2


PATHOLOGICAL = [
    10**400,
    -(10**400),
    float("inf"),
    float("nan"),
    1 + 2j,
    [1 + 2j],
    _Hostile(),
    [_Hostile()],
    [10**400, 3],
    [float("inf"), 2],
    [None],
    np.empty(0),
    _endless(),
    [2, 3] * 5_000_000,
]


@pytest.mark.parametrize(
    "name",
    [
        n
        for n in dir(checks)
        if callable(getattr(checks, n))
        and n[0] != "_"
        and getattr(checks, n).__module__ == checks.__name__
        and n not in ("report", "same_number", "same_array", "graded")
    ],
)
def test_checks_say_not_yet_quickly_for_pathological_values(capsys, name):
    import time

    for value in PATHOLOGICAL:
        start = time.perf_counter()
        assert getattr(checks, name)(value) is None
        assert time.perf_counter() - start < 0.5, (name, type(value))
        assert capsys.readouterr().out.startswith(checks.NOT_YET), (name, type(value))


def test_05_praises_state_what_the_ops_compute(capsys):
    """Exercise 1's praise counts the taps per phase; exercise 3's names a call that answers."""
    import re

    from transposed_conv.core import ops, subpixel

    checks.overlap_pattern([2, 3])
    praise = capsys.readouterr().out
    taps = subpixel.phase_sums(np.ones(5), 2)  # a kernel of ones: each phase sum counts its taps
    assert f"{taps.max():g} taps in one phase and {taps.min():g} in the other" in praise
    checks.nearest_then_conv([2, 3, 4])
    call = re.search(r"conv1d_transpose\(.*?\)", capsys.readouterr().out).group(0)
    np.testing.assert_array_equal(eval(call, {"conv1d_transpose": ops.conv1d_transpose}), [2, 3, 4])
