"""Choose notebook 04's training settings on validation digits, never on the test set.

Run with ``python benchmarks/select_settings.py`` (full MNIST from ``TVLIB_DATA`` or ``data/``; about
10 minutes on 2 cores). Holds out 5,000 of the 60,000 training digits (:func:`tvlib.nn.experiment_data`),
trains every model of the experiment for each candidate (epochs, peak learning rate) on the other
55,000, and measures it on the validation digits: clean accuracy for the plain models, accuracy on the
sub-pixel ``Shift`` set for the augmented one (the job it is trained for). The chosen setting is the
cheapest candidate (fewest epochs, then the smaller rate) whose validation score is within one standard
error of the best (Breiman's one-standard-error rule, :func:`tvlib.core.stats.standard_error`): more
epochs must buy more than the noise of 5,000 validation digits. Prints every candidate as Markdown and the chosen
``EXPERIMENT`` entries. The test digits are not touched.
"""

from __future__ import annotations

import argparse
import time

import torch

from tvlib.core.stats import standard_error
from tvlib.nn import accuracy_table, experiment_data, fit
from tvlib.nn.models import build_model
from tvlib.nn.threads import configure_threads
from tvlib.nn.train import TrainConfig

#: Display name -> (model, augmentation in px, candidate epochs, candidate peak learning rates).
CANDIDATES: dict[str, tuple[str, float, tuple[int, ...], tuple[float, ...]]] = {
    "logistic regression": ("LogisticRegression", 0.0, (1, 2, 3), (3e-3, 1e-2)),
    "MLP": ("MLP", 0.0, (1, 2, 3), (1e-3, 3e-3)),
    "CNN1": ("CNN1", 0.0, (2, 3, 4), (1e-3, 3e-3)),
    "CNN2": ("CNN2", 0.0, (2, 3, 4), (1e-3, 3e-3)),
    "CNN2 + augmentation": ("CNN2", 2.8, (4, 6, 8), (3e-3,)),  # CNN2's chosen rate; epochs chosen here
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=list(CANDIDATES), choices=list(CANDIDATES))
    names = parser.parse_args().models
    threads = configure_threads()
    data = experiment_data(fast=False)
    images, labels = data.validation_images, data.validation_labels
    print(f"{data.describe()}; torch {torch.__version__}, {threads} threads\n")
    print("| model | epochs | peak rate | val clean | val ShiftMin | val Shift | s per epoch | chosen |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    chosen = {}
    for name in names:
        model_name, augment, epoch_grid, rates = CANDIDATES[name]
        rows = []
        for epochs in epoch_grid:
            for rate in rates:
                config = TrainConfig(epochs=epochs, max_lr=rate, augment=augment)
                model = build_model(model_name, seed=config.seed)
                start = time.perf_counter()
                fit(model, data.train_images, data.train_labels, config, progress=False)
                seconds = (time.perf_counter() - start) / epochs
                scores = accuracy_table({name: model.cpu()}, images, labels, seed=0)[name]
                rows.append((config, scores, seconds))
        score = (lambda row: row[1][2]) if augment else (lambda row: row[1][0])
        best = max(score(row) for row in rows)
        eligible = [row for row in rows if score(row) >= best - standard_error(best, len(labels))]
        pick = min(eligible, key=lambda row: (row[0].epochs, row[0].max_lr))
        chosen[name] = (model_name, pick[0])
        for config, scores, seconds in rows:
            mark = "**yes**" if config is pick[0] else ""
            cells = " | ".join(f"{s:.4f}" for s in scores)
            print(f"| {name} | {config.epochs} | {config.max_lr:g} | {cells} | {seconds:.1f} | {mark} |", flush=True)
    print("\nEXPERIMENT = {")
    for name, (model_name, config) in chosen.items():
        extra = f", augment={config.augment}" if config.augment else ""
        print(f'    "{name}": ("{model_name}", TrainConfig(epochs={config.epochs}, max_lr={config.max_lr:g}{extra})),')
    print("}")


if __name__ == "__main__":
    main()
