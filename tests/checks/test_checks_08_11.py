"""The self-checks of notebooks 08-11: right answers pass (several different designs), wrong ones
get "not yet", nothing raises, and graded mode raises on a wrong answer."""

import numpy as np
import pytest

from transposed_conv import checks


def verdict(capsys, check, *answers):
    check(*answers)
    out = capsys.readouterr().out
    assert out.startswith((checks.PASS, checks.NOT_YET)), out
    return out.startswith(checks.PASS)


WEIRD = [..., None, "kernel", [1, 2], np.ones((2, 2)), np.full((3, 3), np.nan), object(), 10**400]


@pytest.mark.parametrize(
    "kernel",
    [
        np.outer([1, 2, 1], [1, 2, 1]),
        -np.outer([0.25, 0.5, 0.25], [0.25, 0.5, 0.25]),
        [[1, 1, 0], [1, 2, 1], [0, 1, 1]],  # phase sums 2, 2, 2, 2
        [[-1, 3, 0], [1, 2, 1], [0, -1, 3]],  # phase sums 2, 2, 2, 2
    ],
)
def test_flat_kernel_3x3_accepts_any_kernel_with_equal_phase_sums(capsys, kernel):
    assert verdict(capsys, checks.flat_kernel_3x3, kernel)


@pytest.mark.parametrize("kernel", [np.ones((3, 3)), np.zeros((3, 3)), np.eye(3), *WEIRD])
def test_flat_kernel_3x3_refuses_the_rest(capsys, kernel):
    assert not verdict(capsys, checks.flat_kernel_3x3, kernel)


@pytest.mark.parametrize(
    "kernel",
    [np.eye(4), np.arange(16.0).reshape(4, 4), [[1, 0, 0, 0]] + [[0] * 4] * 3, -np.eye(4)[::-1]],
)
def test_striped_k4_kernel_accepts_any_unequal_phase_sums(capsys, kernel):
    assert verdict(capsys, checks.striped_k4_kernel, kernel)


@pytest.mark.parametrize(
    "kernel",
    [np.ones((4, 4)), np.outer([1, 3, 3, 1], [1, 3, 3, 1]), np.zeros((4, 4)), np.eye(3), *WEIRD],
)
def test_striped_k4_kernel_refuses_flat_zero_and_junk(capsys, kernel):
    assert not verdict(capsys, checks.striped_k4_kernel, kernel)


@pytest.mark.parametrize(
    "kernel",
    [
        np.ones((4, 4)),
        np.outer([1, 3, 3, 1], [1, 3, 3, 1]),
        np.kron([[1, 2], [3, 4]], np.ones((2, 2))),
        -np.kron([[1, -2], [0.5, 4]], np.ones((2, 2))),
    ],
)
def test_even_k4_kernel_accepts_any_equal_phase_sums(capsys, kernel):
    assert verdict(capsys, checks.even_k4_kernel, kernel)


@pytest.mark.parametrize(
    "kernel", [np.eye(4), np.zeros((4, 4)), np.ones((3, 3)), np.arange(16.0).reshape(4, 4), *WEIRD]
)
def test_even_k4_kernel_refuses_unequal_zero_and_junk(capsys, kernel):
    assert not verdict(capsys, checks.even_k4_kernel, kernel)


def _reshape_transpose(x, r):
    n, h, w, c = x.shape
    blocks = x.reshape(n, h, w, r, r, c // (r * r)).transpose(0, 1, 3, 2, 4, 5)
    return blocks.reshape(n, h * r, w * r, c // (r * r))


def _loops(x, r):
    n, h, w, c = x.shape
    out = np.zeros((n, h * r, w * r, c // (r * r)))
    for i in range(h):
        for j in range(w):
            for p in range(r):
                for q in range(r):
                    group = (p * r + q) * (c // (r * r))
                    out[:, i * r + p, j * r + q] = x[:, i, j, group : group + c // (r * r)]
    return out


def _tensorflow(x, r):
    import tensorflow as tf

    return tf.nn.depth_to_space(x, r).numpy()


@pytest.mark.parametrize("fn", [_reshape_transpose, _loops, _tensorflow])
def test_depth_to_space_function_accepts_correct_functions(capsys, fn):
    assert verdict(capsys, checks.depth_to_space_function, fn)


def _wrong_order(x, r):  # column phase before row phase
    n, h, w, c = x.shape
    blocks = x.reshape(n, h, w, r, r, c // (r * r)).transpose(0, 1, 4, 2, 3, 5)
    return blocks.reshape(n, h * r, w * r, c // (r * r))


def _raises(x, r):
    raise RuntimeError("not written yet")


@pytest.mark.parametrize(
    "fn", [_wrong_order, _raises, lambda x, r: x, lambda x, r: None, ..., None, "f"]
)
def test_depth_to_space_function_refuses_wrong_ones(capsys, fn):
    assert not verdict(capsys, checks.depth_to_space_function, fn)


def _kernel(sums_by_phase, extra=None):
    k = np.zeros((3, 3, 1, 4))
    k[1, 1, 0, :] = sums_by_phase
    if extra is not None:
        extra(k)
    return k


def _move_phase0(k):
    k[1, 1, 0, 0] = 0.0
    k[0, 0, 0, 0] = k[2, 2, 0, 0] = 0.5


def _spread_phase3(k):
    k[1, 1, 0, 3] = 3.0
    k[0, 1, 0, 3] = -2.0


@pytest.mark.parametrize(
    "kernel",
    [
        _kernel([1.0] * 4, _move_phase0),
        _kernel([1.0] * 4, _spread_phase3),
        -_kernel([1.0] * 4, _move_phase0),
    ],
)
def test_flat_subpixel_kernel_accepts_equal_sums_that_are_not_icnr(capsys, kernel):
    assert verdict(capsys, checks.flat_subpixel_kernel, kernel)


def test_flat_subpixel_kernel_refuses_icnr_unequal_sums_and_junk(capsys):
    from transposed_conv.core import subpixel

    icnr = subpixel.icnr((3, 3, 1, 4), 2)
    assert not verdict(capsys, checks.flat_subpixel_kernel, icnr)
    assert not verdict(capsys, checks.flat_subpixel_kernel, _kernel([1.0, 2.0, 1.0, 1.0]))
    assert not verdict(capsys, checks.flat_subpixel_kernel, np.zeros((3, 3, 1, 4)))
    for junk in WEIRD + [np.ones((3, 3, 4, 1))]:
        assert not verdict(capsys, checks.flat_subpixel_kernel, junk)


@pytest.mark.parametrize(
    "setting",
    [(4, 2, 1, 0), (3, 2, 1, 1), (2, 2, 0, 0), (5, 2, 2, 1), (8, 1, 0, 0), [np.int64(6), 2, 2, 0]],
)
def test_torch_seven_to_fourteen_accepts_every_working_setting(capsys, setting):
    assert verdict(capsys, checks.torch_seven_to_fourteen, setting)


@pytest.mark.parametrize(
    "setting",
    [(3, 2, 1, 0), (3, 2, 1, 2), (4.0, 2, 1, 0), (True, 2, 1, 0), (4, 2, 1), (4, 2, -1, 0), *WEIRD],
)
def test_torch_seven_to_fourteen_refuses_the_rest(capsys, setting):
    assert not verdict(capsys, checks.torch_seven_to_fourteen, setting)


@pytest.mark.parametrize(
    "setting",
    [
        (3, 2, "same", None),
        (4, 2, "same", None),
        (2, 2, "valid", None),
        (2, 2, "valid", 0),
        (8, 1, "valid", None),
        [3, 2, "same", 1],
        (1, 2, "valid", None),
    ],
)
def test_keras_seven_to_fourteen_accepts_every_working_setting(capsys, setting):
    assert verdict(capsys, checks.keras_seven_to_fourteen, setting)


@pytest.mark.parametrize(
    "setting",
    [
        (3, 2, "valid", None),
        (3, 2, "same", 2),
        (3, 2, "full", None),
        (3, 2, "same"),
        (3.0, 2, "same", None),
        *WEIRD,
    ],
)
def test_keras_seven_to_fourteen_refuses_the_rest(capsys, setting):
    assert not verdict(capsys, checks.keras_seven_to_fourteen, setting)


def test_torch_port_accepts_the_exact_port_and_refuses_near_misses(capsys):
    from transposed_conv.core import porting

    port = porting.from_torch(5, 2, padding=2, output_padding=1)
    assert verdict(capsys, checks.torch_port, (port.padding, port.crop[0]))
    assert verdict(capsys, checks.torch_port, ["valid", [np.int64(2), 1]])
    for answer in [
        ("same", (1, -1)),  # right size, but appends a zero where PyTorch has a value
        ("same", (0, 0)),
        ("valid", (1, 2)),
        ("valid", (2, 1.0)),
        ("full", (2, 1)),
        ("valid", (2, 1, 0)),
        ("valid", 2, 1),
        *WEIRD,
    ]:
        assert not verdict(capsys, checks.torch_port, answer)


def test_graded_mode_raises_on_a_wrong_answer_and_passes_a_right_one(capsys):
    with checks.graded():
        checks.flat_kernel_3x3(np.outer([1, 2, 1], [1, 2, 1]))
        for check, answers in [
            (checks.flat_kernel_3x3, (np.ones((3, 3)),)),
            (checks.striped_k4_kernel, (np.ones((4, 4)),)),
            (checks.even_k4_kernel, (np.eye(4),)),
            (checks.depth_to_space_function, (None,)),
            (checks.flat_subpixel_kernel, (np.zeros((3, 3, 1, 4)),)),
            (checks.torch_seven_to_fourteen, ((3, 2, 1, 0),)),
            (checks.keras_seven_to_fourteen, ((3, 2, "valid", None),)),
            (checks.torch_port, (("same", (1, -1)),)),
        ]:
            with pytest.raises(AssertionError, match="Not yet"):
                check(*answers)
    assert capsys.readouterr().out.startswith(checks.PASS)


PHASES = [(0, 0), (0, 1), (1, 0), (1, 1)]


def shift_phases(kernel):
    """Add the same amount to every tap of a phase, so each phase sums to the channel's mean."""
    out = np.array(kernel, dtype=float)
    for c in range(out.shape[3]):
        sums = [out[p::2, q::2, 0, c].sum() for p, q in PHASES]
        for (p, q), total in zip(PHASES, sums, strict=True):
            out[p::2, q::2, 0, c] += (np.mean(sums) - total) / out[p::2, q::2, 0, c].size
    return out


def bilinear_times_total(kernel):
    """Each channel becomes the bilinear kernel [1, 2, 1] x [1, 2, 1] / 16 times its total: every
    phase of the bilinear kernel sums to 4/16."""
    kernel = np.asarray(kernel, dtype=float)
    bilinear = np.outer([1, 2, 1], [1, 2, 1]) / 16
    return bilinear[:, :, None, None] * kernel.sum(axis=(0, 1), keepdims=True)


def scale_phases(kernel):
    """Multiply every tap of a phase, so each phase sums to the channel's mean: fails where a
    phase sums to 0 (a kernel whose centre tap, phase (1, 1) alone, is 0)."""
    out = np.array(kernel, dtype=float)
    for c in range(out.shape[3]):
        sums = [out[p::2, q::2, 0, c].sum() for p, q in PHASES]
        for (p, q), total in zip(PHASES, sums, strict=True):
            out[p::2, q::2, 0, c] *= np.mean(sums) / total
    return out


def all_in_centre(kernel):
    """Keeps only the centre tap (phase (1, 1)): the other phases sum to 0, so not flat."""
    out = np.zeros_like(np.asarray(kernel, dtype=float))
    out[1, 1] = np.asarray(kernel).sum(axis=(0, 1))
    return out


TRAINED_LIKE = np.random.default_rng(7).normal(size=(3, 3, 1, 16))


@pytest.mark.parametrize("design", [shift_phases, bilinear_times_total])
def test_flatten_phases_accepts_any_design_that_equalises_the_phases(capsys, design):
    assert verdict(capsys, checks.flatten_phases, design, TRAINED_LIKE)
    # each design really gives equal phase sums and keeps the totals (independent of the check)
    out = design(TRAINED_LIKE)
    sums = np.array([[out[p::2, q::2, 0, c].sum() for p, q in PHASES] for c in range(16)])
    np.testing.assert_allclose(sums, sums[:, :1].repeat(4, axis=1), atol=1e-9)
    np.testing.assert_allclose(out.sum(axis=(0, 1, 2)), TRAINED_LIKE.sum(axis=(0, 1, 2)))


@pytest.mark.parametrize(
    "design",
    [
        lambda k: k,  # unchanged: the phase sums differ
        lambda k: np.zeros_like(k),  # flat, but the totals are lost
        lambda k: np.full_like(k, k.mean()),  # equal taps: phases of 4, 2, 2 and 1 taps
        lambda k: shift_phases(k)[:, :, :, :1],  # wrong shape
        all_in_centre,
        scale_phases,  # divides by a zero phase sum
        lambda k: None,
        lambda k: 1 / 0,
        *WEIRD,
    ],
)
def test_flatten_phases_refuses_the_rest(capsys, design):
    assert not verdict(capsys, checks.flatten_phases, design, TRAINED_LIKE)


def test_flatten_phases_refuses_a_function_that_changes_the_kernel_it_is_given(capsys):
    def in_place(kernel):
        kernel[...] = shift_phases(kernel)
        return kernel

    assert not verdict(capsys, checks.flatten_phases, in_place, TRAINED_LIKE)


def test_function_checks_show_the_learners_own_error_and_name_the_stub(capsys):
    def typo(kernel):
        return kernal  # noqa: F821 - the learner's typo

    def said(check, answer):
        check(answer)
        out = capsys.readouterr().out
        assert out.startswith(checks.NOT_YET), out
        return out

    assert "raised NameError: name 'kernal' is not defined" in said(checks.flatten_phases, typo)
    assert "replace the `...` line with your `def flatten_phases(kernel):`" in said(
        checks.flatten_phases, ...
    )
    assert "must be a function" in said(checks.phase_spread_function, 3.0)
    assert "raised ValueError" in said(
        checks.depth_to_space_function, lambda x, r: x.reshape(-1, 3)
    )


def test_flatten_phases_fails_a_design_that_only_works_on_one_channel(capsys):
    def first_channel_only(kernel):
        out = np.array(kernel, dtype=float)
        out[..., :1] = shift_phases(out[..., :1])
        return out

    assert not verdict(capsys, checks.flatten_phases, first_channel_only, TRAINED_LIKE)
