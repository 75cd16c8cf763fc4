#!/usr/bin/env python3
"""A network trained by nnplay, rebuilt in plain numpy.

Reads the data nnplay exported (the same rows, split and standardisation), loads the trained
weights, prints the figures, trains on with nnplay's settings and prints them again.

    python3 this_script.py [--epochs N] [--fresh] [--predictions FILE]
"""
import argparse
import csv
import json
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
# nnplay: settings


def sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))


GELU_C, GELU_A = np.sqrt(2.0 / np.pi), 0.044715


def gelu(x):
    return 0.5 * x * (1.0 + np.tanh(GELU_C * (x + GELU_A * x**3)))


def gelu_slope(x, y):
    t = np.tanh(GELU_C * (x + GELU_A * x**3))
    return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * GELU_C * (1.0 + 3.0 * GELU_A * x * x)


# Each activation: its value, and its slope given the input x and the output y.
ACTIVATION = {
    "linear": (lambda x: x, lambda x, y: np.ones_like(x)),
    "sigmoid": (sigmoid, lambda x, y: y * (1.0 - y)),
    "tanh": (np.tanh, lambda x, y: 1.0 - y * y),
    "relu": (lambda x: np.maximum(x, 0.0), lambda x, y: (x > 0).astype(x.dtype)),
    "leaky-relu": (lambda x: np.where(x > 0, x, 0.01 * x), lambda x, y: np.where(x > 0, 1.0, 0.01)),
    "softplus": (lambda x: np.logaddexp(0.0, x), lambda x, y: sigmoid(x)),
    "elu": (lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0.0))), lambda x, y: np.where(x > 0, 1.0, y + 1.0)),
    "gelu": (gelu, gelu_slope),
    "swish": (lambda x: x * sigmoid(x), lambda x, y: sigmoid(x) * (1.0 + x * (1.0 - sigmoid(x)))),
}


# nnplay: shared


def scores(out):
    """Class-1 score (two classes), class probabilities, or the predicted value."""
    if CLASSES == 2 and SIZES[-1] == 1:
        if LOSS == "bce":
            return sigmoid(out[:, 0])
        return (out[:, 0] - TARGETS[0]) / (TARGETS[1] - TARGETS[0])
    if LOSS == "softmax-ce":
        e = np.exp(out - out.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    return out[:, 0] if out.shape[1] == 1 else out


def loss_and_slope(out, t):
    """The mean loss of a batch and its gradient with respect to the outputs."""
    n = len(out)
    if LOSS == "mse":
        e = out - t
        return np.mean(np.mean(e * e, axis=1)), 2.0 * e / out.shape[1] / n
    if LOSS == "playground":
        e = out - t
        return np.mean(0.5 * np.sum(e * e, axis=1)), e / n
    if LOSS == "bce":
        z = out
        per_row = np.sum(np.maximum(z, 0.0) - z * t + np.log1p(np.exp(-np.abs(z))), axis=1)
        return np.mean(per_row), (sigmoid(z) - t) / n
    z = out - out.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -np.mean(np.sum(t * log_p, axis=1)), (np.exp(log_p) - t) / n


class Network:
    """Dense layers; weights[k] is inputs x neurons, as nnplay stores them."""

    def __init__(self, inputs, rng):
        self.weights, self.biases = [], []
        fan_in = inputs
        for size in SIZES:
            if INIT["kind"] == "xavier":
                limit = np.sqrt(6.0 / (fan_in + size))
                w, b = rng.uniform(-limit, limit, (fan_in, size)), np.zeros(size)
            elif INIT["kind"] == "he":
                w, b = rng.normal(0.0, np.sqrt(2.0 / fan_in), (fan_in, size)), np.zeros(size)
            else:
                s = INIT["scale"]
                w, b = rng.uniform(-s, s, (fan_in, size)), np.full(size, INIT["bias"])
            self.weights.append(w)
            self.biases.append(b)
            fan_in = size

    def load(self, path):
        layers = json.loads(Path(path).read_text())["layers"]
        self.weights = [np.array(layer["weights"], dtype=float) for layer in layers]
        self.biases = [np.array(layer["biases"], dtype=float) for layer in layers]

    def forward(self, x, rng=None):
        """The outputs; with `rng`, hidden activations are dropped out (training)."""
        self.cache = []
        last = len(self.weights) - 1
        for k, (w, b) in enumerate(zip(self.weights, self.biases)):
            z = x @ w + b
            y = ACTIVATION[ACTIVATIONS[k]][0](z)
            keep = None
            if rng is not None and k < last and DROPOUT > 0:
                keep = (rng.random(y.shape) >= DROPOUT) / (1.0 - DROPOUT)
            self.cache.append((x, z, y, keep))
            x = y if keep is None else y * keep
        return x

    def backward(self, slope):
        """Gradients of the weights and biases, from the loss's slope at the outputs."""
        grads = []
        for k in reversed(range(len(self.weights))):
            x, z, y, keep = self.cache[k]
            if keep is not None:
                slope = slope * keep
            slope = slope * ACTIVATION[ACTIVATIONS[k]][1](z, y)
            grads.append((x.T @ slope, slope.sum(axis=0)))
            slope = slope @ self.weights[k].T
        return grads[::-1]


class Optimizer:
    """nnplay's update: gradient plus penalty slope, then SGD, momentum or Adam."""

    def __init__(self, params):
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.steps = 0

    def step(self, params, grads, is_weight):
        self.steps += 1
        for k, (p, g) in enumerate(zip(params, grads)):
            if is_weight[k] and PENALTY == "l2":
                g = g + PENALTY_RATE * p
            elif is_weight[k] and PENALTY == "l1":
                g = g + PENALTY_RATE * np.sign(p)
            if OPTIMIZER == "sgd":
                p -= LEARNING_RATE * g
            elif OPTIMIZER == "momentum":
                self.m[k] = MOMENTUM * self.m[k] + g
                p -= LEARNING_RATE * self.m[k]
            else:
                self.m[k] = 0.9 * self.m[k] + 0.1 * g
                self.v[k] = 0.999 * self.v[k] + 0.001 * g * g
                m_hat = self.m[k] / (1.0 - 0.9**self.steps)
                v_hat = self.v[k] / (1.0 - 0.999**self.steps)
                p -= LEARNING_RATE * m_hat / (np.sqrt(v_hat) + 1e-8)


def figures(net, name, x, labels):
    """One line: the loss and the accuracy and AUC (classes) or R^2 (regression)."""
    if len(x) == 0:
        return
    out = net.forward(x)
    loss, _ = loss_and_slope(out, targets(labels))
    print_figures(name, loss, scores(out), labels)


def main():
    args = arguments()
    rng = np.random.default_rng(SEED)
    x, labels = read_data()
    a, b = TRAIN_ROWS, TRAIN_ROWS + VALIDATION_ROWS
    x = standardised(x, a)
    net = Network(x.shape[1], rng)
    if not args.fresh:
        net.load(WEIGHTS)
    if args.predictions:
        np.savetxt(args.predictions, np.reshape(scores(net.forward(x)), (len(x), -1)), fmt="%.17g")
        return
    splits = [("train", x[:a], labels[:a]), ("validation", x[a:b], labels[a:b]), ("test", x[b:], labels[b:])]
    for split in splits:
        figures(net, *split)
    params = [p for pair in zip(net.weights, net.biases) for p in pair]
    is_weight = [k % 2 == 0 for k in range(len(params))]
    optimizer = Optimizer(params)
    t_train = targets(labels[:a])
    best, best_params, waited = np.inf, None, 0
    for epoch in range(1, args.epochs + 1):
        order = rng.permutation(a)
        for start in range(0, a, BATCH_SIZE):
            rows = order[start : start + BATCH_SIZE]
            _, slope = loss_and_slope(net.forward(x[rows], rng), t_train[rows])
            grads = [g for pair in net.backward(slope) for g in pair]
            optimizer.step(params, grads, is_weight)
        if EARLY_STOPPING and b > a:
            val_loss, _ = loss_and_slope(net.forward(x[a:b]), targets(labels[a:b]))
            if val_loss < best:
                best, best_params, waited = val_loss, [p.copy() for p in params], 0
            else:
                waited += 1
                if waited >= EARLY_STOPPING[0]:
                    print(f"early stop at epoch {epoch}")
                    if EARLY_STOPPING[1]:
                        for p, kept in zip(params, best_params):
                            p[...] = kept
                    break
        if epoch % max(1, args.epochs // 10) == 0:
            train_loss, _ = loss_and_slope(net.forward(x[:a]), t_train)
            print(f"epoch {epoch}: train loss {train_loss:.4f}")
    if args.epochs > 0:
        for split in splits:
            figures(net, *split)


if __name__ == "__main__":
    main()
