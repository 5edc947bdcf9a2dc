"""`klynge bench` prints a table a reader can check the targets against."""

from klynge.byg.bench import Maaling, tabel


def test_the_table_shows_median_spread_documents_and_the_cost_per_extra_specialty():
    tekst = tabel([
        Maaling("cold build, full site (5 specialties, --force)", (12.0, 11.0, 13.0), "7"),
        Maaling("cold build, 5 specialties", (12.0,), "7"),
        Maaling("cold build, 20 specialties", (42.0,), "22"),
        Maaling("machine speed after: reference loop", (0.2, 0.3, 0.25), "–"),
    ])
    assert "| cold build, full site (5 specialties, --force) | 12.00 | 11.00–13.00 | 7 |" in tekst
    assert "| machine speed after: reference loop | 0.25 | 0.20–0.30 | – |" in tekst
    assert "5→20: 2.00 s per extra specialty" in tekst


def test_the_table_shows_the_preview_worker_memory_after_the_first_and_the_last_edit():
    from klynge.byg.bench import Hukommelse

    tekst = tabel([Maaling("preview: editorial text changed → page served (neurologi)", (0.5, 0.7, 0.6), "1"),
                   Hukommelse((400.0, 380.0), (410.0, 385.0), 50)])
    assert "| preview: editorial text changed → page served (neurologi) | 0.60 | 0.50–0.70 | 1 |" in tekst
    assert "400 / 380 MB after 1 edit, 410 / 385 MB after 50 edits" in tekst


def test_the_preview_benchmarks_edited_sentences_pass_the_editorial_text_check():
    # The editorial-text check refuses numbers, so the benchmark's edits must write none.
    from klynge.byg.bench import _bogstaver
    from klynge.data.indlaes import indlaes
    from klynge.data.tekstkontrol import fund_i_linje

    graenser = indlaes("data").indstillinger.ordvalg
    saetninger = {f"Sætning x{_bogstaver(nr)} fra målingen." for nr in range(1, 500)}
    assert len(saetninger) == 499
    assert all(fund_i_linje(s, graenser) == [] for s in saetninger)
