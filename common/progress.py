"""
How far a long management command has got: a bar on the terminal (tqdm, on standard error), and
nothing where no one watches it (a log file, CI, the tests).
"""

import sys

from tqdm import tqdm


def shown(items, what, *, total=None, unit="it"):
    """`items`, counted off on the terminal under the label `what`."""
    return tqdm(
        items, desc=what, total=total, unit=unit, file=sys.stderr, disable=None, mininterval=0.5, dynamic_ncols=True
    )


def unshown(items, what, *, total=None, unit="it"):
    """`items` as they are: for callers that show no progress."""
    return items
