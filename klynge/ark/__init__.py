"""One fact sheet's figures, Danish wording and charts; the overview and the audit of the published sheets."""
