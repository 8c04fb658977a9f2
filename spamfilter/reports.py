"""Plain-text rendering of evaluation figures and of a training run."""

from __future__ import annotations


def _pct(value) -> str:
    return "   n/a" if value is None else f"{100 * value:6.2f}%"


def metrics_lines(title: str, figures: dict, *, brief: bool = False) -> list[str]:
    """One block (or with ``brief`` one line) of figures from
    :func:`spamfilter.evaluation.evaluate`."""
    spam, hold = figures["spam"], figures["hold"]
    auc = figures["roc_auc"]
    auc_text = "n/a" if auc is None else f"{auc:.4f}"
    if brief:
        return [
            f"{title}: n={figures['n']} spam recall {_pct(spam['recall'])} "
            f"FPR {_pct(spam['false_positive_rate'])}; not published recall "
            f"{_pct(hold['recall'])} FPR {_pct(hold['false_positive_rate'])}; "
            f"ROC AUC {auc_text}"
        ]
    pr_auc = figures["pr_auc"]
    lines = [
        f"{title}: n={figures['n']} ROC AUC {auc_text} PR AUC "
        f"{'n/a' if pr_auc is None else f'{pr_auc:.4f}'}"
    ]
    for name, block in (("spam", spam), ("held or spam", hold)):
        lines.append(
            f"  {name:13s} precision {_pct(block['precision'])} recall "
            f"{_pct(block['recall'])} false-positive rate "
            f"{_pct(block['false_positive_rate'])}"
        )
        lines.append(
            f"  {'':13s} confusion: tp={block['tp']} fp={block['fp']} "
            f"tn={block['tn']} fn={block['fn']}"
        )
    return lines


def training_lines(version) -> list[str]:
    """What a training run measured and saved, for a command's output."""
    metrics = version.metrics
    lines = metrics_lines("validation", metrics["validation"]["all"])
    if "test" in metrics:
        lines += metrics_lines("test", metrics["test"]["all"])
        for source, figures in metrics["test"].items():
            if source != "all":
                lines += metrics_lines(f"test {source}", figures, brief=True)
    comparison = metrics.get("comparison")
    if comparison:
        lines.append(
            "compared with {version}: recall at target FPR {new:.4f} vs "
            "{old:.4f}".format(
                version=comparison["active"]["version"],
                new=comparison["new"]["recall_at_target_fpr"],
                old=comparison["active"]["recall_at_target_fpr"],
            )
        )
    state = "active" if version.is_active else "not active"
    lines.append(
        f"saved {version.version} ({version.size / 1e6:.1f} MB, "
        f"hold >= {version.hold_threshold:.4f}, spam >= "
        f"{version.spam_threshold:.4f}, {metrics['training_seconds']} s): {state}"
    )
    return lines
