"""Makes the tree cross-check fixture: a small dataset and what scikit-learn and XGBoost
fit on it, for tests/trees.rs to compare nnplay's trees against.

    python3 -m venv ../trees-venv
    ../trees-venv/bin/pip install numpy scikit-learn xgboost
    ../trees-venv/bin/python tests/tree_reference/make_reference.py

Writes data.csv (3000 rows: the first 2000 train, the last 1000 test, as nnplay splits a CSV
with train_fraction = 0.6667) and reference.json. Features are on a 0.05 grid, so each has
fewer than 256 distinct values: nnplay's histogram thresholds are then exactly the midpoints an
exact CART considers, and the single tree must come out the same split for split.
"""

import json
import pathlib

import numpy as np
import sklearn
import xgboost
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.metrics import roc_auc_score, r2_score
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

HERE = pathlib.Path(__file__).parent
ROWS, TRAIN = 3000, 2000

rng = np.random.default_rng(20261201)
x = np.clip(np.round(rng.normal(size=(ROWS, 4)) / 0.05) * 0.05, -4, 4)
logit = 1.5 * x[:, 0] - x[:, 1] ** 2 + 0.8 * x[:, 2] * x[:, 3] + 0.3 * rng.normal(size=ROWS)
label = (logit > -0.5).astype(int)
target = np.sin(x[:, 0]) + 0.5 * x[:, 1] + 0.1 * rng.normal(size=ROWS)

with open(HERE / "data.csv", "w") as f:
    f.write("f0,f1,f2,f3,label,target\n")
    for row, l, t in zip(x, label, target):
        f.write(",".join(f"{v:.2f}" for v in row) + f",{l},{t:.6f}\n")

xt, xs = x[:TRAIN], x[TRAIN:]
yt, ys = label[:TRAIN], label[TRAIN:]


def auc(model):
    return float(roc_auc_score(ys, model.predict_proba(xs)[:, 1]))


def structure(tree):
    """Internal nodes in breadth-first order: (depth, feature, threshold)."""
    t = tree.tree_
    out, queue = [], [(0, 0)]
    while queue:
        node, depth = queue.pop(0)
        if t.children_left[node] == -1:
            continue
        out.append([depth, int(t.feature[node]), float(t.threshold[node])])
        queue += [(t.children_left[node], depth + 1), (t.children_right[node], depth + 1)]
    return out


single = DecisionTreeClassifier(max_depth=3, random_state=0).fit(xt, yt)
hgb = HistGradientBoostingClassifier(
    max_iter=50, learning_rate=0.1, max_depth=3, max_leaf_nodes=None,
    l2_regularization=0.0, min_samples_leaf=20, early_stopping=False, random_state=0,
).fit(xt, yt)
xgb = xgboost.XGBClassifier(
    n_estimators=50, max_depth=3, learning_rate=0.1, tree_method="hist", max_bin=256,
    reg_lambda=1.0, min_child_weight=1.0, random_state=0,
).fit(xt, yt)
forest = RandomForestClassifier(n_estimators=100, max_depth=8, random_state=0).fit(xt, yt)
regressor = DecisionTreeRegressor(max_depth=3, random_state=0).fit(xt, target[:TRAIN])

reference = {
    "versions": {"scikit-learn": sklearn.__version__, "xgboost": xgboost.__version__},
    "tree_depth3": {"structure": structure(single), "test_auc": auc(single)},
    "hist_gradient_boosting": {"test_auc": auc(hgb)},
    "xgboost": {"test_auc": auc(xgb)},
    "random_forest": {"test_auc": auc(forest)},
    "regression_tree_depth3": {
        "structure": structure(regressor),
        "test_r2": float(r2_score(target[TRAIN:], regressor.predict(xs))),
    },
}
(HERE / "reference.json").write_text(json.dumps(reference, indent=1) + "\n")
print(json.dumps(reference, indent=1))
