"""How long the issue intake takes per issue on the local forge: run on demand.

    .venv/bin/python benchmarks/forge_intake.py [issues]

Copies the example site into a fresh git repository, takes in that many issue
payloads (each a different author, so each a new branch), re-runs every one
(idempotent: no new commit), lists the pending branches and merges them all.
Prints the time of each phase and the per-issue cost.

Measured on the project's two-core machine while other test suites ran (times
vary about threefold between runs): 50 issues took 44-72 ms each to take in,
44-58 ms each to re-run and 50-66 ms each to merge. At 200 issues, with the
journal as one JSON file read and rewritten at every step: 208 ms each to take
in, 197 ms each to merge; with one file per submission and per issue: 179 and
89 ms. The rest of the growth is git itself (about 15 calls an issue).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.forge helpers

from generator.config import load_settings  # noqa: E402
from generator.forge.intake import take_issue  # noqa: E402
from generator.forge.local import LocalForge  # noqa: E402
from generator.model.load import load_site  # noqa: E402
from generator.read.issue import post_forms  # noqa: E402
from tests.forge.forge_helpers import POST_BODY, issue_payload, site_repo  # noqa: E402


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        repo = site_repo(Path(tmp) / "site")
        site, _ = load_site(repo, load_settings(repo), strict=False)
        forms = post_forms(repo)
        forge = LocalForge(repo)
        payloads = [issue_payload(POST_BODY.replace("José Martínez", f"Person {n}"),
                                  number=1000 + n) for n in range(count)]

        for label, action in (("first intake", "opened"), ("re-run", "edited")):
            start = time.perf_counter()
            outcomes = [take_issue({**p, "action": action}, site, forms,
                                   forge).outcome for p in payloads]
            took = time.perf_counter() - start
            print(f"{label}: {count} issues in {took:.2f} s "
                  f"({took / count * 1000:.0f} ms each); "
                  f"{sorted(set(outcomes))}")

        start = time.perf_counter()
        pending = forge.pending()
        print(f"pending: {len(pending)} listed in {time.perf_counter() - start:.2f} s")
        start = time.perf_counter()
        for change in pending:
            forge.merge(change)
        took = time.perf_counter() - start
        print(f"merge: {len(pending)} in {took:.2f} s "
              f"({took / max(1, len(pending)) * 1000:.0f} ms each)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
