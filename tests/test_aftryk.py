"""The data fingerprint printed in every colophon and figure record: traceable by eKVIS, but no
oracle for an outsider who knows all but a few of the real answers."""

from __future__ import annotations

import hashlib
import stat

from klynge.data.aftryk import NOEGLEFIL, alle_data, arkets_aftryk


def _undersoegelse(data):
    indstillinger = data / "indstillinger.toml"
    indstillinger.write_text(indstillinger.read_text(encoding="utf-8").replace(
        'datakilde = "rekonstrueret"', 'datakilde = "undersoegelse"'), encoding="utf-8")
    fortrolig = data / "fortroligt"
    fortrolig.mkdir(exist_ok=True)
    (fortrolig / "besvarelser.csv").write_bytes((data / "besvarelser.csv").read_bytes())
    return fortrolig


def test_the_fingerprint_of_the_reconstructed_rows_is_a_plain_hash_anyone_can_recompute(datakopi):
    assert not (datakopi / "fortroligt" / NOEGLEFIL).exists()
    assert arkets_aftryk(datakopi, "neurologi") == arkets_aftryk(datakopi, "neurologi")
    assert not (datakopi / "fortroligt" / NOEGLEFIL).exists()


def test_real_answers_get_a_fingerprint_keyed_by_a_secret_kept_owner_only_beside_them(datakopi):
    fortrolig = _undersoegelse(datakopi)
    foer = arkets_aftryk(datakopi, "neurologi")
    noegle = fortrolig / NOEGLEFIL
    assert noegle.exists() and stat.S_IMODE(noegle.stat().st_mode) == 0o600
    assert arkets_aftryk(datakopi, "neurologi") == foer  # the same key next time: reproducible


def test_another_key_gives_another_fingerprint_for_the_same_real_answers(datakopi):
    fortrolig = _undersoegelse(datakopi)
    foer = (arkets_aftryk(datakopi, "neurologi"), alle_data(datakopi))
    (fortrolig / NOEGLEFIL).write_text("0" * 64, encoding="utf-8")
    efter = (arkets_aftryk(datakopi, "neurologi"), alle_data(datakopi))
    assert foer[0] != efter[0] and foer[1] != efter[1]


def test_the_overview_fingerprint_does_not_depend_on_the_key_file_being_there(datakopi):
    fortrolig = _undersoegelse(datakopi)
    foer = alle_data(datakopi)
    (fortrolig / "ekstra.txt").write_text("x", encoding="utf-8")
    assert alle_data(datakopi) == foer
    assert len(hashlib.sha256().hexdigest()) == len(foer)
