"""Plain-text rendering of evaluation figures, shared by the commands."""


def _pct(value) -> str:
    return "   n/a" if value is None else f"{100 * value:6.2f}%"


def write_metrics(stdout, title: str, figures: dict, *, brief: bool = False) -> None:
    """One block (or with ``brief`` one line) of figures from
    :func:`spamfilter.evaluation.evaluate`."""
    spam, hold = figures["spam"], figures["hold"]
    auc = figures["roc_auc"]
    auc_text = "n/a" if auc is None else f"{auc:.4f}"
    if brief:
        stdout.write(
            f"{title}: n={figures['n']} spam recall {_pct(spam['recall'])} "
            f"FPR {_pct(spam['false_positive_rate'])}; not published recall "
            f"{_pct(hold['recall'])} FPR {_pct(hold['false_positive_rate'])}; "
            f"ROC AUC {auc_text}"
        )
        return
    pr_auc = figures["pr_auc"]
    stdout.write(
        f"{title}: n={figures['n']} ROC AUC {auc_text} PR AUC "
        f"{'n/a' if pr_auc is None else f'{pr_auc:.4f}'}"
    )
    for name, block in (("spam", spam), ("held or spam", hold)):
        stdout.write(
            f"  {name:13s} precision {_pct(block['precision'])} recall "
            f"{_pct(block['recall'])} false-positive rate "
            f"{_pct(block['false_positive_rate'])}"
        )
        stdout.write(
            f"  {'':13s} confusion: tp={block['tp']} fp={block['fp']} "
            f"tn={block['tn']} fn={block['fn']}"
        )
