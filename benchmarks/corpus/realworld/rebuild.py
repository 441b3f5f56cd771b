#!/usr/bin/env python3
"""Rebuild the real-world dev corpus documents from public repository snapshots.

Every document in gold.jsonl comes from a public GitHub repository (see sources.json and SOURCES.md).
Documents whose licence allows redistribution are committed under files/; the others are NOT committed
and are rebuilt by this script from a local snapshot of their repository. The script never downloads
anything: fetch the repositories yourself (e.g. `git clone https://github.com/<owner>/<name>` and make
sure the commit listed in sources.json is present), then point --snapshots at the folder holding them.

A repository is looked up under the snapshot folder as any of
    <owner>+<name>/repo   (bare git dir, the layout of the /work/.mirror snapshots)
    <owner>+<name>        (bare git dir or checkout)
    <owner>/<name>        (checkout or bare git dir)
and the source text is read with `git show <commit>:<path>`; if the folder is a plain export without git,
<path> is read as a file. The raw bytes are checked against the sha256 in sources.json.

Conversion (needs pandoc, and LibreOffice `soffice` for PDF):
    Markdown  -> HTML (pandoc -f gfm, keeps pipe and raw HTML tables) -> DOCX (pandoc -f html)
    HTML/PHP  -> DOCX (pandoc -f html)
    website i18n YAML (title/content tree) -> HTML -> DOCX
    reStructuredText -> DOCX (pandoc -f rst)
    DOCX -> PDF (soffice --headless --convert-to pdf)
All converters run under `unshare --net` when available, so nothing is fetched (remote images are dropped).
Front matter is dropped; an optional "select" keeps only the lines from a start regex up to (not
including) an end regex; optional "replace" pairs substitute template variables (Liquid etc.); optional
"encoding" names the source's character set when it is not UTF-8.

Usage
  python rebuild.py --snapshots /path/to/snapshots            # rebuild the non-redistributable files
  python rebuild.py --snapshots DIR --all                     # rebuild every file (also the committed ones)
  python rebuild.py --snapshots DIR --only ID [--only ID2]    # selected documents
  python rebuild.py --list                                    # print what to fetch (repo, commit, path)
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources.json"
OUT = HERE / "files"


def find_repo(snapshots: Path, repo: str) -> Path | None:
    owner, name = repo.split("/", 1)
    for cand in (snapshots / f"{owner}+{name}" / "repo", snapshots / f"{owner}+{name}",
                 snapshots / owner / name, snapshots / f"{owner}/{name}.git"):
        if cand.exists():
            return cand
    return None


def read_source(snapshots: Path, src: dict) -> bytes:
    root = find_repo(snapshots, src["repo"])
    if root is None:
        raise FileNotFoundError(f"no snapshot of {src['repo']} under {snapshots}")
    is_bare = (root / "HEAD").exists() and (root / "objects").exists()
    is_work = (root / ".git").exists()
    if is_bare or is_work:
        args = ["git", f"--git-dir={root}"] if is_bare else ["git", "-C", str(root)]
        res = subprocess.run(args + ["show", f"{src['commit']}:{src['path']}"], capture_output=True)
        if res.returncode == 0:
            return res.stdout
        if not (root / src["path"]).exists():
            raise FileNotFoundError(f"{src['repo']}@{src['commit']}:{src['path']}: {res.stderr.decode()[-200:]}")
    return (root / src["path"]).read_bytes()


FRONT = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.S)


def prepare(text: str, src: dict) -> str:
    if src.get("format", "md") == "md":
        text = FRONT.sub("", text, count=1)
    sel = src.get("select")
    if sel:
        lines = text.splitlines(keepends=True)
        start = next(i for i, ln in enumerate(lines) if re.search(sel[0], ln))
        end = len(lines)
        if len(sel) > 1 and sel[1]:
            end = next((i for i in range(start + 1, len(lines)) if re.search(sel[1], lines[i])), len(lines))
        text = "".join(lines[start:end])
    for old, new in src.get("replace", []):
        text = re.sub(old, new, text)
    if src.get("format") == "php":
        text = re.sub(r"<\?php.*?\?>", "", text, flags=re.S)
    return text


def offline(cmd: list[str]) -> list[str]:
    """Run converters without network access (pandoc would otherwise fetch remote images)."""
    if shutil.which("unshare") and subprocess.run(["unshare", "--net", "true"], capture_output=True).returncode == 0:
        return ["unshare", "--net"] + cmd
    return cmd


YAML_SKIP = {"language", "context", "action", "email", "success"}


def yaml_to_html(text: str) -> str:
    """Render a website i18n YAML file (title/content tree) as HTML: titles become headings, content is kept."""
    import yaml  # PyYAML
    data = yaml.safe_load(FRONT.match(text).group(0).strip().strip("-")) if FRONT.match(text) else yaml.safe_load(text)
    out: list[str] = []

    def walk(node, depth):
        if not isinstance(node, dict):
            return
        if "title" in node:
            out.append(f"<h{min(depth, 6)}>{html.escape(str(node['title']))}</h{min(depth, 6)}>")
        if "content" in node:
            out.append(f"<div>{node['content']}</div>")
        for k, v in node.items():
            if k not in YAML_SKIP | {"title", "content"}:
                walk(v, depth + 1)

    walk(data, 1)
    return "\n".join(out)


def to_docx(text: str, fmt: str, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as td:
        src = Path(td) / "in.txt"
        src.write_text(text, encoding="utf-8")
        if fmt == "md":
            htm = subprocess.run(offline(["pandoc", "-f", "gfm", "-t", "html", str(src)]), check=True,
                                 capture_output=True, text=True).stdout
            src.write_text(htm, encoding="utf-8")
            fmt = "html"
        if fmt == "yaml":
            src.write_text(yaml_to_html(text), encoding="utf-8")
            fmt = "html"
        reader = {"html": "html", "php": "html", "rst": "rst"}[fmt]
        subprocess.run(offline(["pandoc", "-f", reader, "-t", "docx", "-o", str(out), str(src)]), check=True,
                       capture_output=True)


def to_pdf(docx: Path, out: Path) -> None:
    cmd = offline(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out.parent), str(docx)])
    subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    produced = out.parent / (docx.stem + ".pdf")
    if produced != out:
        produced.replace(out)


def build(src: dict, raw: bytes) -> list[Path]:
    digest = hashlib.sha256(raw).hexdigest()
    if src.get("sha256") and digest != src["sha256"]:
        print(f"warning: {src['id']}: sha256 differs from sources.json ({digest})", file=sys.stderr)
    text = prepare(raw.decode(src.get("encoding", "utf-8")), src)  # old sites: latin-1 pages
    made = []
    docx = OUT / f"{src['id']}.docx"
    to_docx(text, src.get("format", "md"), docx)
    made.append(docx)
    if "pdf" in src.get("outputs", ["docx"]):
        pdf = OUT / f"{src['id']}.pdf"
        to_pdf(docx, pdf)
        made.append(pdf)
    if "docx" not in src.get("outputs", ["docx"]):
        docx.unlink()
        made.remove(docx)
    return made


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--snapshots", type=Path, action="append", default=[],
                    help="folder holding the repository snapshots (repeatable; searched in order)")
    ap.add_argument("--all", action="store_true", help="also rebuild the redistributable (committed) files")
    ap.add_argument("--only", action="append", default=[], help="document id (repeatable)")
    ap.add_argument("--list", action="store_true", help="list repo, commit and path of every source")
    args = ap.parse_args(argv)
    sources = json.loads(SOURCES.read_text())
    if args.list:
        for s in sources:
            print(f"{s['id']:34} {s['repo']:45} {s['commit'][:12]} {s['path']}  redistribute={s['redistribute']}")
        return 0
    if not args.snapshots:
        ap.error("--snapshots is required")
    failed = 0
    for s in sources:
        if args.only and s["id"] not in args.only:
            continue
        if not args.only and not args.all and s["redistribute"]:
            continue
        try:
            raw, err = None, None
            for snap in args.snapshots:
                try:
                    raw = read_source(snap, s)
                    break
                except FileNotFoundError as e:
                    err = e
            if raw is None:
                raise err
            made = build(s, raw)
            print(f"ok   {s['id']}: {', '.join(p.name for p in made)}")
        except Exception as e:  # keep going; report at the end
            failed += 1
            print(f"FAIL {s['id']}: {e}", file=sys.stderr)
    return 1 if failed else 0


def main_for(folder: Path, argv=None) -> int:
    """Rebuild another corpus folder (its own sources.json and files/) with this conversion: the held-out and NDA
    corpora call this, so every corpus is always converted identically."""
    global SOURCES, OUT
    SOURCES, OUT = folder / "sources.json", folder / "files"
    return main(argv)


if __name__ == "__main__":
    sys.exit(main())
