"""Times scikit-learn's HistGradientBoostingClassifier, LightGBM and XGBoost on the workload of
`nnplay bench`'s boosted-tree lines: 100 trees of depth 3 and of depth 6 on 100,000 jets x 6
features (learning rate 0.1, 256 bins, no early stopping), each library on all cores.

    ../trees-venv/bin/pip install numpy scikit-learn lightgbm xgboost
    nnplay export-model SCENE --out model.json --data jets.csv    # SCENE: config_bdt's text
    ../trees-venv/bin/python tests/tree_reference/bench_baselines.py jets.csv

Prints the median of three fits per library and depth, in the same sitting as `nnplay bench`.
"""

import sys
import time

import numpy as np

FEATURES = ["mass", "tau32", "tau21", "nconst", "pt", "eta"]


def load(path):
    header = open(path).readline().strip().split(",")
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    x = data[:, [header.index(f) for f in FEATURES]].astype(np.float32)
    return x, data[:, header.index("label")].astype(int)


def median_seconds(fit, runs=3):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fit()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def main():
    x, y = load(sys.argv[1])
    from sklearn.ensemble import HistGradientBoostingClassifier
    import lightgbm
    import xgboost

    for depth in (3, 6):
        fits = {
            "scikit-learn HistGradientBoosting": lambda: HistGradientBoostingClassifier(
                max_iter=100, max_depth=depth, max_leaf_nodes=None, learning_rate=0.1,
                max_bins=255, early_stopping=False, l2_regularization=1.0,
            ).fit(x, y),
            "LightGBM": lambda: lightgbm.LGBMClassifier(
                n_estimators=100, max_depth=depth, num_leaves=2**depth, learning_rate=0.1,
                max_bin=256, reg_lambda=1.0, min_child_weight=1.0, verbose=-1,
            ).fit(x, y),
            "XGBoost (hist)": lambda: xgboost.XGBClassifier(
                n_estimators=100, max_depth=depth, learning_rate=0.1, tree_method="hist",
                max_bin=256, reg_lambda=1.0, min_child_weight=1.0,
            ).fit(x, y),
        }
        for name, fit in fits.items():
            fit()  # warm-up (imports, thread pools)
            print(f"depth {depth}: {name:34s} {median_seconds(fit) * 1e3:8.1f} ms for 100 trees")


if __name__ == "__main__":
    main()
