"""``isp-wizard report`` and ``isp-wizard register merge`` run as a user would."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "unit"))

from report_records import SECRETS, file_signed, make_record, make_signer  # noqa: E402

from isp_wizard.store.register import open_register  # noqa: E402

DEMO = ROOT / "tests" / "fixtures" / "demo-rules"


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "isp_wizard", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=120)


def laptop(folder: Path, signer, count: int, day: int) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    """A laptop's register with ``count`` signed records, and its records folder."""
    records = folder / "records"
    with open_register(folder / "register.sqlite") as register:
        for i in range(count):
            file_signed(make_record(tree_id="demo", decision="share", partner_id="council",
                                    created=dt.datetime(2026, 2, day + i, tzinfo=dt.UTC),
                                    review=dt.date(2026, 3, 1)),
                        signer, register, records)
    return folder / "register.sqlite", records


@pytest.fixture(scope="module")
def signer(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return make_signer(tmp_path_factory.mktemp("signer"))


def test_report_from_this_apps_register(isolated_home: Path, signer) -> None:  # type: ignore[no-untyped-def]
    laptop(isolated_home / "data", signer, 3, 1)
    out = isolated_home / "board" / "report.pdf"
    done = cli("--rules", DEMO, "report", "--from", "2026-01-01", "--to", "2026-03-31",
               "--out", out)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Wrote {out}: 3 records from 2026-01-01 to 2026-03-31")
    assert "3 past their review date" in done.stdout
    assert subprocess.run(["qpdf", "--check", str(out)], capture_output=True).returncode == 0
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert "Decision records in the period 3" in text and "The Council" in text
    for secret in SECRETS:
        assert secret not in text
    # five years: counted by quarter, laid out without the table overrunning its page
    five = isolated_home / "board" / "five-years.pdf"
    done = cli("--rules", DEMO, "report", "--from", "2022-01-01", "--to", "2026-12-31",
               "--out", five)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert subprocess.run(["qpdf", "--check", str(five)], capture_output=True).returncode == 0
    text = " ".join(subprocess.run(["pdftotext", str(five), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert "Records by quarter" in text and "Jan–Mar 2026 3" in text


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "2026-13-01", "--to", "2026-03-31"], "is not a date"),
    (["--from", "2026-04-01", "--to", "2026-03-31"], "ends (2026-03-31) before it starts"),
])
def test_report_bad_input_exits_2_without_a_traceback(tmp_path: Path, args: list[str],
                                                      message: str) -> None:
    done = cli("report", *args, "--out", tmp_path / "r.pdf")
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "r.pdf").exists()


def test_report_refuses_training_mode(tmp_path: Path) -> None:
    done = cli("--training", "report", "--from", "2026-01-01", "--to", "2026-03-31",
               "--out", tmp_path / "r.pdf")
    assert done.returncode == 2 and done.stderr.startswith("isp-wizard: ")


def test_merge_two_laptops_then_a_tampered_export(tmp_path: Path, signer) -> None:  # type: ignore[no-untyped-def]
    bundles = []
    for n, day in ((1, 1), (2, 10)):
        register, records = laptop(tmp_path / f"laptop{n}", signer, 2, day)
        bundle = tmp_path / f"bundle{n}"
        shutil.copytree(records, bundle)
        with open_register(register, create=False) as opened:
            opened.export_json(bundle / "export.json")
        bundles.append(bundle / "export.json")
    partnership = tmp_path / "ig" / "partnership.sqlite"
    # the laptops' identities are self-made: no trust anchor here vouches for them
    untrusted = cli("register", "merge", *bundles, "--into", partnership)
    assert untrusted.returncode == 1
    assert ": untrusted: signed by Marigold Fairweather" in untrusted.stdout
    assert "0 records added" in untrusted.stdout
    done = cli("register", "merge", *bundles, "--into", partnership, "--allow-untrusted")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "UNTRUSTED: 2 records signed by identities no trust anchor here vouches" \
        in done.stdout
    assert "4 records added, 0 already there" in done.stdout
    assert "2 signatures checked" in done.stdout
    assert sorted(p.name for p in (tmp_path / "ig" / "records" / "merged").rglob("*.pdf")) \
        == sorted(p.name for b in bundles for p in b.parent.glob("*.pdf"))

    report = tmp_path / "ig" / "report.pdf"
    board = cli("--rules", DEMO, "report", "--from", "2026-02-01", "--to", "2026-02-28",
                "--register", partnership, "--out", report)
    assert board.returncode == 0, board.stderr
    assert board.stdout.startswith(f"Wrote {report}: 4 records")
    text = " ".join(subprocess.run(["pdftotext", str(report), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert "The Council 4" in text  # read from the merged PDFs beside the partnership register

    document = json.loads(bundles[1].read_text(encoding="utf-8"))
    document["entries"][0]["case_reference"] = "SOMEONE-ELSE"
    bundles[1].write_text(json.dumps(document), encoding="utf-8")
    again = cli("register", "merge", *bundles, "--into", partnership, "--allow-untrusted")
    assert again.returncode == 1
    assert f"{bundles[1]}: REFUSED" in again.stdout
    assert "0 records added, 2 already there; 1 refused" in again.stdout
    assert "Traceback" not in again.stderr


def test_merge_of_a_missing_file_exits_2(tmp_path: Path) -> None:
    done = cli("register", "merge", tmp_path / "nowhere.json", "--into", tmp_path / "p.sqlite")
    assert done.returncode == 2 and "no such export" in done.stderr
