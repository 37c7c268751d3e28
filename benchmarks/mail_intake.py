"""Messages per second of `spaces intake email` on the real mbox fixtures.

Run on demand: ``.venv/bin/python benchmarks/mail_intake.py [rounds]``. Each
round takes the six mbox files of ../shared/fixtures/emails (34 messages) into
a fresh site, through the same MailIntake the command uses, writing post files
and quarantine entries; a second figure times reading and extraction alone.
Both are given per wall-clock second and per CPU second of this process (the
second is steadier on a shared machine).
"""

from __future__ import annotations

import email
import email.policy
import logging
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.cli.mail import _writer  # noqa: E402
from generator.config import load_settings  # noqa: E402
from generator.model.load import load_site  # noqa: E402
from generator.read.mail.extract import extract  # noqa: E402
from generator.read.mail.intake import MailIntake  # noqa: E402
from generator.read.mail.sources import read_path  # noqa: E402
from tests.read.mail.helpers import make_site  # noqa: E402

MBOXES = sorted((REPO.parent / "shared/fixtures/emails").rglob("*.mbox"))


def one_round(workdir: Path) -> tuple[int, float, float]:
    """Take every mbox message into a fresh site; (messages, wall s, CPU s)."""
    root = make_site(workdir)
    site, _ = load_site(root, load_settings(root), strict=False)
    taker = MailIntake(root, site, "hub@spaces.example.org", _writer(root, site),
                       route="forum/q1")
    started, cpu = time.perf_counter(), time.process_time()
    outcomes = [taker.take(m) for path in MBOXES for m in read_path(path)]
    return (len(outcomes), time.perf_counter() - started,
            time.process_time() - cpu)


def extraction_only(rounds: int) -> tuple[int, float, float]:
    messages = [m for path in MBOXES for m in read_path(path)]
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        for incoming in messages:
            parsed = email.message_from_bytes(incoming.raw, policy=email.policy.default)
            extract(parsed, incoming.raw, incoming.receipt)
    return (len(messages) * rounds, time.perf_counter() - started,
            time.process_time() - cpu)


def main() -> None:
    logging.disable(logging.INFO)
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    total = wall = cpu = 0.0
    with tempfile.TemporaryDirectory() as scratch:
        for number in range(rounds):
            count, spent, used = one_round(Path(scratch) / f"round-{number}")
            total, wall, cpu = total + count, wall + spent, cpu + used
    report("intake (read, check, write)", total, wall, cpu)
    report("parse + extract only", *extraction_only(rounds))


def report(what: str, count: float, wall: float, cpu: float) -> None:
    print(f"{what}: {count:.0f} messages, {count / wall:.0f}/s wall clock, "
          f"{count / cpu:.0f}/s CPU")


if __name__ == "__main__":
    main()
