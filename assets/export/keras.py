#!/usr/bin/env python3
"""A network trained by nnplay, rebuilt in Keras 3 (any backend; KERAS_BACKEND=jax for JAX).

Reads the data nnplay exported (the same rows, split and standardisation), loads the trained
weights, prints the figures, trains on with nnplay's settings and prints them again.

    python3 this_script.py [--epochs N] [--fresh] [--predictions FILE]
"""
import argparse
import csv
import json
import os
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
# nnplay: settings


# nnplay's activations, with its constants (leaky slope 0.01, GELU's tanh form).
ACTIVATION = {
    "linear": "linear",
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "relu",
    "leaky-relu": lambda x: keras.activations.leaky_relu(x, negative_slope=0.01),
    "softplus": "softplus",
    "elu": "elu",
    "gelu": lambda x: keras.activations.gelu(x, approximate=True),
    "swish": "silu",
}


# nnplay: shared


def scores(out):
    """Class-1 score (two classes), class probabilities, or the predicted value."""
    if CLASSES == 2 and SIZES[-1] == 1:
        if LOSS == "bce":
            return 1.0 / (1.0 + np.exp(-out[:, 0]))
        return (out[:, 0] - TARGETS[0]) / (TARGETS[1] - TARGETS[0])
    if LOSS == "softmax-ce":
        e = np.exp(out - out.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    return out[:, 0] if out.shape[1] == 1 else out


def initialisers(fan_in):
    if INIT["kind"] == "xavier":
        return keras.initializers.GlorotUniform(SEED), "zeros"
    if INIT["kind"] == "he":
        return keras.initializers.RandomNormal(0.0, np.sqrt(2.0 / fan_in), SEED), "zeros"
    s = INIT["scale"]
    return keras.initializers.RandomUniform(-s, s, SEED), keras.initializers.Constant(INIT["bias"])


def build(inputs):
    """The layers, with dropout after every hidden layer and the weight penalty."""
    penalty = {
        "none": None,
        "l1": keras.regularizers.L1(PENALTY_RATE),
        "l2": keras.regularizers.L2(PENALTY_RATE / 2),  # Keras' L2 is rate * sum w^2
    }[PENALTY]
    layers, fan_in = [keras.Input((inputs,))], inputs
    for k, (size, activation) in enumerate(zip(SIZES, ACTIVATIONS)):
        kernel, bias = initialisers(fan_in)
        layers.append(
            keras.layers.Dense(
                size,
                activation=ACTIVATION[activation],
                kernel_initializer=kernel,
                bias_initializer=bias,
                kernel_regularizer=penalty,
            )
        )
        if k < len(SIZES) - 1 and DROPOUT > 0:
            layers.append(keras.layers.Dropout(DROPOUT, seed=SEED))
        fan_in = size
    return keras.Sequential(layers)


def load(model, path):
    layers = json.loads(Path(path).read_text())["layers"]
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    for layer, saved in zip(dense, layers):
        layer.set_weights([np.array(saved["weights"]), np.array(saved["biases"])])


def playground_loss(t, out):
    return 0.5 * keras.ops.sum(keras.ops.square(out - t), axis=-1)


def compile_model(model):
    loss = {
        "mse": keras.losses.MeanSquaredError(),
        "playground": playground_loss,
        "bce": keras.losses.BinaryCrossentropy(from_logits=True),
        "softmax-ce": keras.losses.CategoricalCrossentropy(from_logits=True),
    }[LOSS]
    optimizer = {
        "sgd": lambda: keras.optimizers.SGD(LEARNING_RATE),
        "momentum": lambda: keras.optimizers.SGD(LEARNING_RATE, momentum=MOMENTUM),
        "adam": lambda: keras.optimizers.Adam(LEARNING_RATE, epsilon=1e-8),
    }[OPTIMIZER]()
    model.compile(optimizer=optimizer, loss=loss)


def figures(model, name, x, labels):
    """One line: the loss and the accuracy and AUC (classes) or R^2 (regression)."""
    if len(x) == 0:
        return
    out = np.asarray(model.predict(x, verbose=0), dtype=float)
    loss = float(np.mean(model.loss(targets(labels), out)))
    print_figures(name, loss, scores(out), labels)


def main():
    args = arguments()
    keras.utils.set_random_seed(SEED)
    x, labels = read_data()
    a, b = TRAIN_ROWS, TRAIN_ROWS + VALIDATION_ROWS
    x = standardised(x, a)
    x = x.astype("float32")
    model = build(x.shape[1])
    if not args.fresh:
        load(model, WEIGHTS)
    compile_model(model)
    if args.predictions:
        out = np.asarray(model.predict(x, verbose=0), dtype=float)
        np.savetxt(args.predictions, np.reshape(scores(out), (len(x), -1)), fmt="%.9g")
        return
    splits = [("train", x[:a], labels[:a]), ("validation", x[a:b], labels[a:b]), ("test", x[b:], labels[b:])]
    for split in splits:
        figures(model, *split)
    callbacks, validation = [], None
    if b > a:
        validation = (x[a:b], targets(labels[a:b]))
        if EARLY_STOPPING:
            patience, restore = EARLY_STOPPING
            callbacks.append(
                keras.callbacks.EarlyStopping("val_loss", patience=patience, restore_best_weights=restore)
            )
    if args.epochs > 0:
        model.fit(
            x[:a],
            targets(labels[:a]),
            batch_size=BATCH_SIZE,
            epochs=args.epochs,
            validation_data=validation,
            callbacks=callbacks,
            shuffle=True,
            verbose=2,
        )
        for split in splits:
            figures(model, *split)


if __name__ == "__main__":
    main()
