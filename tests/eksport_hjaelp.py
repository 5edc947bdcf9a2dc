"""Survey exports made from our reconstructed answers, in the shapes survey tools write them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl

from klynge.data.indlaes import Undersoegelse

SKILLETEGN = {"engagement": " - ", "vigtighed": " [{}]", "opfyldelse": ": ", "motivation": " – "}
EMAIL = "@eksempel.dk"


def laes_besvarelser(data: Path) -> list[dict[str, str]]:
    with open(data / "besvarelser.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _tekstoverskrift(s) -> str:
    """A question's column as a tool that names columns by question text writes it."""
    if not s.punkt:
        return s.tekst
    sep = SKILLETEGN.get(s.gruppe, " - ")
    return s.tekst + (sep.format(s.kort) if "{}" in sep else sep + s.kort)


def tekster_og_svar(u: Undersoegelse, raekker: list[dict[str, str]]) -> list[list]:
    """Columns by question text, answers as labels, specialty by its display name; the texts
    carry what exports do to them: a trailing space, a non-breaking space, another case."""
    navne = {s.slug: s.navn for s in u.specialer}
    hoved = ["Respondent ID", "Speciale", "Klynge"] + [_tekstoverskrift(s) for s in u.skema.spoergsmaal]
    hoved[3] = hoved[3].upper() + " "  # deltagelse
    hoved[9] = hoved[9].replace(" ", "\u00a0", 3)  # understoetter
    return [hoved] + [[r["respondent_id"], navne[r["speciale"]], r["klynge"]]
                      + [r[k] for k in u.skema.kolonner] for r in raekker]


def variabler_og_koder(u: Undersoegelse, raekker: list[dict[str, str]]) -> list[list]:
    """Columns by variable name, answers, specialty and cluster as numeric codes, no id column."""
    sp = {s.slug: s for s in u.specialer}
    hoved = ["s_1", "s_2"] + [s.variabel for s in u.skema.spoergsmaal]
    ud = [hoved]
    for r in raekker:
        s = sp[r["speciale"]]
        klynge = next(k for k in s.klynger if k.navn == r["klynge"])
        celler: list = [int(s.kode), int(klynge.kode)]
        for q in u.skema.spoergsmaal:
            v = r[q.kolonne]
            if q.er_fritekst or not v:
                celler.append(v or None)
            else:
                celler.append(int(q.skala.koder[q.skala.svar.index(v)]))
        ud.append(celler)
    return ud


def med_persondata(tabel: list[list]) -> list[list]:
    """What a tool adds: e-mail (also as the respondent id), name, IP, timestamps, free text."""
    hoved = ["Respondent ID", "E-mail", "Navn", "IP-adresse", "Startet", "Gennemført"] + tabel[0][1:] + [
        "Andet – uddyb venligst"]
    ud = [hoved]
    for n, r in enumerate(tabel[1:], start=1):
        tid = dt.datetime(2025, 9, 1, 8, 0) + dt.timedelta(minutes=17 * n)
        ud.append([f"laege{n}{EMAIL}", f"laege{n}{EMAIL}", f"Læge Nummer{n}", f"10.0.{n // 200}.{n % 200 + 1}",
                   tid, tid + dt.timedelta(minutes=9)] + r[1:] + ["Vi mangler tid" if n % 7 == 0 else None])
    return ud


def skriv_xlsx(sti: Path, tabel: list[list], ark: str = "Ark1") -> Path:
    bog = openpyxl.Workbook()
    ws = bog.active
    ws.title = ark
    for r in tabel:
        ws.append([None if v == "" else v for v in r])
    bog.save(sti)
    return sti


def skriv_csv(sti: Path, tabel: list[list], sep: str = ";", kodning: str = "cp1252") -> Path:
    ud = io.StringIO()
    csv.writer(ud, delimiter=sep, lineterminator="\r\n").writerows(
        [["" if v is None else str(v) for v in r] for r in tabel])
    sti.write_bytes(ud.getvalue().encode(kodning))
    return sti


def qualtrics(u: Undersoegelse, raekker: list[dict[str, str]]) -> list[list]:
    """Qualtrics' CSV: three header rows (its own variable names, the question texts, import
    ids as JSON), metadata columns first; labels as answers ("Use choice text")."""
    tekster = tekster_og_svar(u, raekker)
    meta = ["StartDate", "EndDate", "IPAddress", "ResponseId", "RecipientEmail"]
    qid = [f"QID{n}" for n in range(1, len(tekster[0]))]
    navne = meta + [f"Q{n}" for n in range(1, len(qid) + 1)]
    spoergsmaal = ["Start Date", "End Date", "IP Address", "Response ID", "Recipient Email"] + tekster[0][1:]
    importid = ['{"ImportId":"startDate","timeZone":"Europe/Copenhagen"}', '{"ImportId":"endDate"}',
                '{"ImportId":"ipAddress"}', '{"ImportId":"_recordId"}', '{"ImportId":"recipientEmail"}'] + [
        f'{{"ImportId":"{q}"}}' for q in qid]
    ud = [navne, spoergsmaal, importid]
    for n, r in enumerate(tekster[1:], start=1):
        ud.append(["2025-09-01 08:00:00", "2025-09-01 08:09:00", f"10.0.0.{n}", r[0], f"laege{n}{EMAIL}"] + r[1:])
    return ud
