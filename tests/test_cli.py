"""``docsvc extract`` as a user runs it: a real process, real files, several at once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.documents import CONTRACTS, write_contract_docx, write_contract_pdf

DOCSVC = [sys.executable, "-m", "docsvc.cli"]


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*DOCSVC, *map(str, args)], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("cli")
    (d / "empty.pdf").write_bytes(b"")
    (d / "notes.txt").write_text("just some text, not a contract file\n")
    (d / "truncated.pdf").write_bytes(write_contract_pdf(d / "full.pdf", CONTRACTS["en"]).read_bytes()[:400])
    return {
        "en_pdf": d / "full.pdf",
        "de_docx": write_contract_docx(d / "vertrag.docx", CONTRACTS["de"]),
        "empty": d / "empty.pdf",
        "text": d / "notes.txt",
        "truncated": d / "truncated.pdf",
        "missing": d / "does-not-exist.pdf",
    }


def test_jsonl_one_record_per_file_in_input_order_with_errors_inline(files: dict[str, Path]) -> None:
    order = ["empty", "en_pdf", "text", "missing", "de_docx", "truncated"]
    proc = run("extract", "--format", "jsonl", *(files[k] for k in order))
    lines = proc.stdout.splitlines()
    assert len(lines) == len(order)
    records = [json.loads(line) for line in lines]
    assert [r["source"]["path"] for r in records] == [str(files[k]) for k in order]
    failed = {k for k, r in zip(order, records, strict=True) if "error" in r}
    assert failed == {"empty", "text", "missing", "truncated"}
    assert records[1]["language"]["value"] == "en" and records[4]["language"]["value"] == "de"
    assert "not a PDF or DOCX" in records[2]["error"]
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout


def test_jsonl_is_the_default_for_several_files_when_piped(files: dict[str, Path]) -> None:
    proc = run("extract", files["en_pdf"], files["de_docx"])
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line)["source"]["name"] for line in proc.stdout.splitlines()] == ["full.pdf", "vertrag.docx"]


def test_json_for_one_file_and_table_for_people(files: dict[str, Path]) -> None:
    proc = run("extract", files["de_docx"])
    record = json.loads(proc.stdout)
    assert record["governing_law"]["value"] == "Germany"
    assert record["schema_version"]
    table = run("extract", "--format", "table", files["en_pdf"], files["empty"])
    assert table.returncode == 1
    assert "England and Wales" in table.stdout and "empty.pdf" in table.stdout
    assert "Traceback" not in table.stdout + table.stderr


def test_schema_command_prints_the_committed_schema() -> None:
    proc = run("schema")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["title"] == "ContractRecord"


def test_hostile_files_end_as_clear_error_records(tmp_path: Path) -> None:
    from tests.fixtures import hostile

    makers = {
        "encrypted": (hostile.write_encrypted_pdf, "encrypted_document"),
        "scanned": (hostile.write_scanned, "no_text_layer"),
        "xxe": (hostile.write_xxe_docx, "unsafe_document"),
        "zip_bomb": (hostile.write_zip_bomb_docx, "unsafe_document"),
        "macro": (hostile.write_macro_docx, "unsupported_file_type"),
    }
    paths = []
    for name, (make, _) in makers.items():
        folder = tmp_path / name
        folder.mkdir()
        paths.append(make(folder))
    proc = run("extract", "--format", "jsonl", *paths)
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r.get("error_code") for r in records] == [code for _, code in makers.values()]
    assert all(len(r["error"]) > 20 and "Traceback" not in r["error"] for r in records)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr


def test_extract_command_loads_no_service_stack() -> None:
    """Start-up of ``docsvc extract``: the CLI module must not pull in the web and database layers."""
    code = (
        "import sys, docsvc.cli\n"
        "heavy = [m for m in ('sqlalchemy', 'fastapi', 'docsvc.models', 'docsvc.runtime', 'spacy', 'pypdfium2')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert proc.stdout.strip() == ""


def test_extracting_one_file_loads_no_parser_ocr_or_display_library(files: dict[str, Path]) -> None:
    """Start-up of ``docsvc extract one.pdf``: the parsers and OCR run in the worker process, and rich is only
    for progress bars, tables and error messages."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from docsvc.commands.extract import OutputFormat, run_extract\n"
        "run_extract([Path(sys.argv[1])], OutputFormat.JSON)\n"
        "heavy = [m for m in ('rich', 'PIL', 'pytesseract', 'pypdfium2', 'pdfminer', 'docx') if m in sys.modules]\n"
        "print(','.join(heavy), file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(files["en_pdf"])], capture_output=True, text=True,
                          timeout=300, check=True)
    assert json.loads(proc.stdout)["language"]["value"] == "en"
    assert proc.stderr.strip() == ""


def test_database_commands_are_still_listed_and_runnable_on_demand() -> None:
    top = run("--help")
    for name in ("keys", "users", "indices", "generate", "extract"):
        assert name in top.stdout
    indices = run("indices", "--help")
    assert indices.returncode == 0 and "load" in indices.stdout  # a group with one command stays a group
    generate = run("generate", "--help")
    assert generate.returncode == 0 and "--template" in generate.stdout
