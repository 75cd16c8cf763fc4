def read_data():
    """The network's inputs and the labels of every row, in file order."""
    with open(DATA, newline="") as f:
        header = next(csv.reader(f))
    values = np.loadtxt(DATA, delimiter=",", skiprows=1, ndmin=2)
    columns = {name: values[:, i] for i, name in enumerate(header[:-1])}
    return features(columns), values[:, -1]


def targets(labels):
    """What the network is trained to output for each label."""
    if CLASSES == 0:
        return labels[:, None]
    if CLASSES == 2 and SIZES[-1] == 1:
        return np.where(labels == 1, TARGETS[1], TARGETS[0])[:, None]
    return np.eye(CLASSES)[labels.astype(int)]


def auc(score, labels):
    """Area under the ROC curve: the chance that a class-1 row outscores a class-0 row."""
    order = np.argsort(score, kind="mergesort")
    ranks = np.empty(len(score))
    ranks[order] = np.arange(1, len(score) + 1)
    for value in np.unique(score):  # ties share their mean rank
        tied = score == value
        ranks[tied] = ranks[tied].mean()
    positives = labels == 1
    n1, n0 = positives.sum(), (~positives).sum()
    return (ranks[positives].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)


def arguments():
    """The command line: more epochs, fresh weights, or only the predictions."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=EPOCHS, help="epochs to train on")
    parser.add_argument("--fresh", action="store_true", help="start from new weights")
    parser.add_argument("--predictions", help="write the loaded network's scores here, then stop")
    args = parser.parse_args()
    return args


def standardised(x, train_rows):
    """The inputs shifted and scaled by the training rows' mean and standard deviation."""
    if not STANDARDISE:
        return x
    mean, std = x[:train_rows].mean(axis=0), x[:train_rows].std(axis=0)
    return (x - mean) / np.where(std > 0, std, 1.0)


def print_figures(name, loss, s, labels):
    """One line: the loss and the accuracy and AUC (classes) or R^2 (regression) of scores s."""
    line = f"{name:<10} loss {loss:.4f}"
    if CLASSES == 0:
        r2 = 1.0 - np.sum((labels - s) ** 2) / np.sum((labels - labels.mean()) ** 2)
        line += f"  R^2 {r2:.4f}"
    else:
        predicted = (s >= 0.5).astype(int) if s.ndim == 1 else s.argmax(axis=1)
        line += f"  accuracy {np.mean(predicted == labels):.4f}"
        if CLASSES == 2 and 0 < labels.sum() < len(labels):
            line += f"  AUC {auc(s if s.ndim == 1 else s[:, 1], labels):.4f}"
    print(line)
