"""Metrics over the answers: shares, counts, suppression of small groups, rounding."""
