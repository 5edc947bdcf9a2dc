"""The mark of a constructed demonstration round (`klynge generate --demo-round`, klynge.demorunde):
every respondent id begins with DEMO-. The importer keeps an export's ids, so the mark travels
with the answers into the confidential folder and into a saved round. Answers that carry it are
invented: the loader refuses to read them as the survey's own (`datakilde = "undersoegelse"`),
and `klynge import` sets `datakilde = "demonstration"` for them.
"""

from __future__ import annotations

from collections.abc import Iterable

PRAEFIKS = "DEMO-"


def demo_id(respondent_id: str) -> str:
    return respondent_id if respondent_id.startswith(PRAEFIKS) else PRAEFIKS + respondent_id


def er_demonstration(respondent_ider: Iterable[str]) -> bool:
    """Whether any answer carries the mark: one invented row is enough to make the whole set a
    demonstration (a real export never has such ids)."""
    return any(str(i).startswith(PRAEFIKS) for i in respondent_ider)
