"""One measured build, run in its own process so its time and peak memory are its own.

    python -m benchmarks.child floor|ours|material <root> <out> [<profile file>]

floor     the least any generator must do: parse each post's front matter, render
          its Markdown, write one HTML file per post.
ours      `spaces build` of the corpus (MkDocs, mkdocs-material and our plugin).
material  plain mkdocs-material building every post as an ordinary page.
"""

from __future__ import annotations

import cProfile
import os
import sys
from pathlib import Path

from generator.render.markdown import EXTENSIONS


def floor(root: Path, out: Path) -> int:
    """Front matter and Markdown of every post, one HTML file each; the count."""
    import frontmatter
    import markdown

    md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    count = 0
    for path in sorted((root / "spaces").rglob("*.md")):
        if path.name == "question.md":
            continue
        post = frontmatter.load(str(path))
        html = md.reset().convert(post.content)
        target = out / path.relative_to(root).with_suffix(".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        author = post.get("author", "")
        target.write_text(f"<h1>{author}</h1>\n{html}", encoding="utf-8")
        count += 1
    return count


def ours(root: Path, out: Path) -> None:
    """The real `spaces build`, in this process."""
    from generator.cli import main

    main(["build", "--root", str(root), "--site-dir", str(out)], standalone_mode=False)


def material(root: Path, out: Path) -> None:
    """mkdocs-material on a docs/ folder holding every post as a page."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(out)))


KINDS = {"floor": floor, "ours": ours, "material": material}


def main(argv: list[str]) -> None:
    """Run one kind of build; with a fourth argument, under cProfile."""
    kind, root, out = argv[0], Path(argv[1]), Path(argv[2])
    run = KINDS[kind]
    if len(argv) > 3:
        profile = cProfile.Profile()
        profile.runcall(run, root, out)
        profile.dump_stats(argv[3])
    else:
        run(root, out)
    # Leave without tearing down the interpreter's heap: that is not build time.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
