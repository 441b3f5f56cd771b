"""``docsvc check``: consistency of the object store and the database, for people and for cron; it also says
whether OCR of scanned documents is available (information only: it does not change the exit code)."""

from __future__ import annotations

from rich.console import Console
from rich.progress import Progress

from docsvc.commands.home import open_cli_runtime
from docsvc.config import get_settings
from docsvc.extract import ocr
from docsvc.integrity import check_integrity
from docsvc.jobs.recovery import find as find_leftovers


def run_check(*, verify_checksums: bool) -> int:
    console = Console()
    runtime = open_cli_runtime()
    try:
        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("checking stored files", total=None)
            report = check_integrity(runtime, verify_checksums=verify_checksums,
                                     progress=lambda done, total: progress.update(task, completed=done, total=total))
        leftovers = find_leftovers(runtime)
    finally:
        runtime.close()
    console.print(f"{report.documents} documents, {report.rows - report.documents} template and generated files, "
                  f"{report.all_objects} stored objects")
    found = ocr.status(get_settings().tesseract_cmd)
    if found.available:
        console.print(f"OCR: available ({found.version}; models {', '.join(found.languages)})", highlight=False)
    else:
        console.print(f"[yellow]{found.message}[/yellow]", highlight=False)
    for title, items in (("orphaned objects (stored, no row)", report.orphaned_objects),
                         ("rows whose object is missing", report.missing_objects),
                         ("rows whose object has the wrong size", report.size_mismatches),
                         ("rows whose object fails its sha256", report.checksum_mismatches),
                         ("jobs left running by a process that died (queued again when the server starts)",
                          [f"{run_id} (worker {worker})" for run_id, worker in leftovers.runs]),
                         ("temporary files left by a process that died (removed when the server starts)",
                          [str(path) for path in leftovers.temp])):
        if items:
            console.print(f"[red]{len(items)} {title}:[/red]")
            for item in items[:50]:
                console.print(f"  {item}", highlight=False)
    if report.clean and not (leftovers.runs or leftovers.temp):
        console.print("[green]clean[/green]")
        return 0
    return 1
