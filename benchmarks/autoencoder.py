"""The seed's MNIST autoencoder against the course's recommended ones, trained in the same run.

Data: the shipped sample (10,000 real digits), fixed split: first 8,000 train,
last 2,000 test. The seed's model trains with the seed's settings (Adam,
binary cross-entropy, batch 1000, 25 epochs, 20% validation). The recommended
strided models (codes of 7x7x16 = 784 and 7x7x4 = 196 numbers) train with
Adam (2e-3), batch 64, and stop when their test loss reaches the seed model's
final test loss. Speed-up = the seed's training time / the time the other
model needed to reach that loss (measuring the test loss is not counted).

Run: make benchmark-autoencoder   (or .venv/bin/python benchmarks/autoencoder.py)
"""

from __future__ import annotations

from transposed_conv import data, models, settings


def main(max_epochs: int = 30):
    keras = settings.quiet_tensorflow()[1]
    images, _ = data.load_mnist_sample()
    x = images[..., None].astype("float32") / 255
    x_train, x_test = x[: data.SAMPLE_TRAIN], x[data.SAMPLE_TRAIN :]

    settings.seed_everything(0)
    seed_model = models.seed_autoencoder()
    seed_model.compile(optimizer="adam", loss="binary_crossentropy")
    seed_run = models.fit_timed(seed_model, x_train, x_test, batch_size=1000, epochs=25, validation_split=0.2, verbose=0)
    target = seed_run["curve"][-1][1]
    rows = [("seed 001 model", seed_model, seed_run)]

    for channels in (16, 4):
        settings.seed_everything(0)
        model = models.strided_autoencoder(channels)
        model.compile(optimizer=keras.optimizers.Adam(2e-3), loss="binary_crossentropy")
        run = models.fit_timed(model, x_train, x_test, eval_every=25, target=target,
                               batch_size=64, epochs=max_epochs, verbose=0)
        rows.append((f"strided, code 7x7x{channels}", model, run))

    print(f"{'model':<24} {'parameters':>10} {'code size':>9} {'seconds':>8} {'final test BCE':>15}")
    for name, model, run in rows:
        print(f"{name:<24} {model.count_params():>10,} {models.code_size(model):>9,} {run['seconds']:>8.1f} {run['curve'][-1][1]:>15.4f}")
    print(f"\nseed model's final test BCE (the target): {target:.4f}, after {seed_run['seconds']:.1f} s of training")
    for (name, model, run), need in zip(rows[1:], (10, 3), strict=True):
        if run["reached"] is None:
            print(f"{name}: did not reach the target in {max_epochs} epochs")
            continue
        speedup = seed_run["seconds"] / run["reached"]
        verdict = "met" if speedup >= need else "NOT met"
        print(f"{name}: reached it after {run['reached']:.1f} s -> {speedup:.1f}x sooner "
              f"(target >= {need}x with a code of {models.code_size(model)} numbers: {verdict})")


if __name__ == "__main__":
    main()
