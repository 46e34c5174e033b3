"""Dagster wiring only: assets, checks, automation and resources around the plain core."""
import warnings

import dagster as dg

# Data versions reported by assets, the observable raw folder and selecting it with the assets are
# beta in Dagster 1.13; the wiring uses them on purpose, so their notices would only repeat in
# every build's log.
warnings.filterwarnings("ignore", category=dg.BetaWarning)
