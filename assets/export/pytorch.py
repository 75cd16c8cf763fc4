#!/usr/bin/env python3
"""A network trained by nnplay, rebuilt in PyTorch.

Reads the data nnplay exported (the same rows, split and standardisation), loads the trained
weights, prints the figures, trains on with nnplay's settings and prints them again.

    python3 this_script.py [--epochs N] [--fresh] [--predictions FILE]
"""
import argparse
import copy
import csv
import json
import math
from pathlib import Path

import numpy as np
import torch
from torch import nn

HERE = Path(__file__).resolve().parent
# nnplay: settings


# nnplay's activations, with its constants (leaky slope 0.01, GELU's tanh form).
ACTIVATION = {
    "linear": nn.Identity,
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
    "relu": nn.ReLU,
    "leaky-relu": lambda: nn.LeakyReLU(0.01),
    "softplus": nn.Softplus,
    "elu": nn.ELU,
    "gelu": lambda: nn.GELU(approximate="tanh"),
    "swish": nn.SiLU,
}


# nnplay: shared


def target_tensor(labels):
    return torch.tensor(targets(labels), dtype=torch.float32)


def scores(out):
    """Class-1 score (two classes), class probabilities, or the predicted value."""
    if CLASSES == 2 and SIZES[-1] == 1:
        if LOSS == "bce":
            return torch.sigmoid(out[:, 0])
        return (out[:, 0] - TARGETS[0]) / (TARGETS[1] - TARGETS[0])
    if LOSS == "softmax-ce":
        return torch.softmax(out, dim=1)
    return out[:, 0] if out.shape[1] == 1 else out


def build(inputs):
    """The layers, initialised as nnplay does, with dropout after every hidden layer."""
    layers, fan_in = [], inputs
    for k, (size, activation) in enumerate(zip(SIZES, ACTIVATIONS)):
        dense = nn.Linear(fan_in, size)
        with torch.no_grad():
            if INIT["kind"] == "xavier":
                nn.init.xavier_uniform_(dense.weight)
                dense.bias.zero_()
            elif INIT["kind"] == "he":
                dense.weight.normal_(0.0, math.sqrt(2.0 / fan_in))
                dense.bias.zero_()
            else:
                dense.weight.uniform_(-INIT["scale"], INIT["scale"])
                dense.bias.fill_(INIT["bias"])
        layers += [dense, ACTIVATION[activation]()]
        if k < len(SIZES) - 1 and DROPOUT > 0:
            layers.append(nn.Dropout(DROPOUT))
        fan_in = size
    return nn.Sequential(*layers)


def load(model, path):
    layers = json.loads(Path(path).read_text())["layers"]
    dense = [m for m in model if isinstance(m, nn.Linear)]
    with torch.no_grad():
        for m, saved in zip(dense, layers):
            m.weight.copy_(torch.tensor(saved["weights"]).T)  # nnplay: inputs x neurons
            m.bias.copy_(torch.tensor(saved["biases"]))


def loss_of(out, t):
    """The mean loss of a batch (the weight penalty is added separately)."""
    if LOSS == "mse":
        return torch.mean((out - t) ** 2)
    if LOSS == "playground":
        return torch.mean(0.5 * torch.sum((out - t) ** 2, dim=1))
    if LOSS == "bce":
        return nn.functional.binary_cross_entropy_with_logits(out, t)
    return nn.functional.cross_entropy(out, t)


def penalty(model):
    weights = [m.weight for m in model if isinstance(m, nn.Linear)]
    if PENALTY == "l1":
        return PENALTY_RATE * sum(w.abs().sum() for w in weights)
    if PENALTY == "l2":
        return PENALTY_RATE / 2 * sum((w * w).sum() for w in weights)
    return 0.0


def figures(model, name, x, labels):
    """One line: the loss and the accuracy and AUC (classes) or R^2 (regression)."""
    if len(x) == 0:
        return
    model.eval()
    with torch.no_grad():
        out = model(x)
        loss = float(loss_of(out, target_tensor(labels)))
        s = scores(out).numpy().astype(float)
    print_figures(name, loss, s, labels)


def main():
    args = arguments()
    torch.manual_seed(SEED)
    x, labels = read_data()
    a, b = TRAIN_ROWS, TRAIN_ROWS + VALIDATION_ROWS
    x = standardised(x, a)
    x = torch.tensor(x, dtype=torch.float32)
    model = build(x.shape[1])
    if not args.fresh:
        load(model, WEIGHTS)
    if args.predictions:
        model.eval()
        with torch.no_grad():
            s = scores(model(x)).numpy().astype(float)
        np.savetxt(args.predictions, np.reshape(s, (len(x), -1)), fmt="%.9g")
        return
    splits = [("train", x[:a], labels[:a]), ("validation", x[a:b], labels[a:b]), ("test", x[b:], labels[b:])]
    for split in splits:
        figures(model, *split)
    optimizer = {
        "sgd": lambda p: torch.optim.SGD(p, LEARNING_RATE),
        "momentum": lambda p: torch.optim.SGD(p, LEARNING_RATE, momentum=MOMENTUM),
        "adam": lambda p: torch.optim.Adam(p, LEARNING_RATE, eps=1e-8),
    }[OPTIMIZER](model.parameters())
    t_train = target_tensor(labels[:a])
    best, best_state, waited = math.inf, None, 0
    for epoch in range(1, args.epochs + 1):
        model.train()
        for rows in torch.randperm(a).split(BATCH_SIZE):
            optimizer.zero_grad()
            loss = loss_of(model(x[rows]), t_train[rows]) + penalty(model)
            loss.backward()
            optimizer.step()
        if EARLY_STOPPING and b > a:
            model.eval()
            with torch.no_grad():
                val_loss = float(loss_of(model(x[a:b]), target_tensor(labels[a:b])))
            if val_loss < best:
                best, best_state, waited = val_loss, copy.deepcopy(model.state_dict()), 0
            else:
                waited += 1
                if waited >= EARLY_STOPPING[0]:
                    print(f"early stop at epoch {epoch}")
                    if EARLY_STOPPING[1]:
                        model.load_state_dict(best_state)
                    break
        if epoch % max(1, args.epochs // 10) == 0:
            print(f"epoch {epoch}: train loss {float(loss):.4f} (last batch)")
    if args.epochs > 0:
        for split in splits:
            figures(model, *split)


if __name__ == "__main__":
    main()
