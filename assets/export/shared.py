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
