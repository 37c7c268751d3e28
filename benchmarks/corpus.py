"""A deterministic synthetic site: spaces, questions, posts, replies, translations.

The same ``posts`` and ``seed`` always give byte-identical files, so two runs of
the benchmark build the same thing. Sizes follow the example site: a question
gathers about a hundred posts, a space five questions, so the number of spaces
grows with the number of posts and no single page grows without bound.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
POSTS_PER_QUESTION = 100
QUESTIONS_PER_SPACE = 5
REPLY_SHARE = 0.45
TRANSLATION_SHARE = 0.05
# The demo instant: every generated space is open then, so every post carries
# its reply link (the most work a page can need).
DEMO_NOW = "2027-03-10T12:00:00Z"
FIRST_POST = dt.datetime(2027, 2, 22, 9, tzinfo=dt.UTC)
POST_SPACING = 25

WORDS = (
    "migrants community local government relocation livelihoods land rights "
    "adaptation drought remittances labour mobility seasonal workers recruitment "
    "fees consultation financing follow-up disaster displacement preparedness "
    "early warning evacuation shelter return integration municipal services "
    "health education language training skills recognition employers unions "
    "civil society data protection case management detention alternatives "
    "children families pathways visas reunification partnership review forum"
).split()
NAMES = ["Amina Diallo", "Salote Vunivalu", "Nadia Rahman", "Youssef Benali",
         "Ingrid Halvorsen", "Carlos Mendoza", "Priya Raghunathan", "Grace Wanjiru",
         "Kwame Asante", "Maria Santos", "Nguyen Thi Lan", "Sofia Bianchi",
         "Rashida Begum", "Tevita Havili", "Eleni Kassa", "José Martínez"]
AFFILIATIONS = ["IOM", "ILO Regional Office", "Ministry of Labour", "City council",
                "Red Cross Society", "University research centre", "UNHCR",
                "Migrant workers' association", "National human rights institution"]


@dataclass(frozen=True)
class Corpus:
    """Where a generated site lives and what it holds."""

    root: Path
    spaces: int
    questions: int
    posts: int
    replies: int
    translations: int


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _body(rng: random.Random) -> str:
    """Two to four paragraphs with the Markdown posts really use."""
    paragraphs = []
    for _ in range(rng.randint(2, 4)):
        text = " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
        if rng.random() < 0.3:
            word = rng.choice(WORDS)
            text += f" This matters for **{word}**."
        paragraphs.append(text)
    if rng.random() < 0.25:
        paragraphs.append("\n".join(f"- {_sentence(rng)}" for _ in range(3)))
    if rng.random() < 0.2:
        report = f"https://example.org/r/{rng.randint(1, 999)}"
        paragraphs.append(f"See [the report]({report}) for details.")
    return "\n\n".join(paragraphs) + "\n"


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-").replace("é", "e").replace("í", "i")


def _space_yml(number: int) -> str:
    return (
        f'title: "Synthetic space {number:04d}: local practice on migration"\n'
        "theme: Labour migration\n"
        'objective: "Exercise the generator with a realistic amount of content."\n'
        "timezone: Europe/Zurich\n"
        "opens: 2027-02-22T09:00:00\n"
        "closes: 2027-03-19T17:00:00\n"
        "visibility: public\n"
        "languages: [en, fr]\n"
        "lead_moderator: amina-diallo\n"
        "moderators: [amina-diallo]\n"
    )


def _post(author: str, posted: dt.datetime, rng: random.Random,
          in_reply_to: str | None, language: str = "en") -> str:
    lines = ["---", f'author: "{author}"',
             f'affiliation: "{rng.choice(AFFILIATIONS)}"',
             f"posted: {posted.strftime('%Y-%m-%dT%H:%M:%SZ')}",
             f"language: {language}"]
    if in_reply_to:
        lines.append(f"in_reply_to: {in_reply_to}")
    return "\n".join(lines) + "\n---\n" + _body(rng)


def write_config(root: Path) -> None:
    """mkdocs.yml, theme and docs of the real project, so the build is ours."""
    for name in ("theme", "docs"):
        shutil.copytree(REPO / name, root / name, dirs_exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    people = root / "people"
    people.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "people" / "amina-diallo.yml", people / "amina-diallo.yml")


def generate(root: Path, posts: int, seed: int = 8) -> Corpus:
    """Write a site with ``posts`` posts (translations not counted) under ``root``."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    write_config(root)
    per_space = POSTS_PER_QUESTION * QUESTIONS_PER_SPACE
    space_count = max(1, -(-posts // per_space))
    written = replies = translations = questions = 0
    for s in range(1, space_count + 1):
        space_dir = root / "spaces" / f"space-{s:04d}"
        space_dir.mkdir(parents=True, exist_ok=True)
        (space_dir / "space.yml").write_text(_space_yml(s), encoding="utf-8")
        for q in range(1, QUESTIONS_PER_SPACE + 1):
            if written >= posts:
                break
            questions += 1
            q_dir = space_dir / f"q{q}-practice"
            q_dir.mkdir(exist_ok=True)
            (q_dir / "question.md").write_text(
                f"---\ntitle: \"Question {q} of space {s}: what has worked?\"\n"
                f"order: {q}\n---\n{_body(rng)}", encoding="utf-8")
            ids: list[str] = []
            for _ in range(min(POSTS_PER_QUESTION, posts - written)):
                author = rng.choice(NAMES)
                # Ids are unique site-wide: one post every 25 s across the site
                # keeps 50,000 posts inside the open window, before DEMO_NOW.
                posted = FIRST_POST + dt.timedelta(
                    seconds=POST_SPACING * written + rng.randint(0, 20))
                post_id = f"{posted.strftime('%Y%m%dT%H%M%SZ')}-{_slug(author)}"
                parent = rng.choice(ids) if ids and rng.random() < REPLY_SHARE else None
                replies += parent is not None
                (q_dir / f"{post_id}.md").write_text(
                    _post(author, posted, rng, parent), encoding="utf-8")
                if rng.random() < TRANSLATION_SHARE:
                    translations += 1
                    (q_dir / f"{post_id}.fr.md").write_text(
                        _post(author, posted, rng, None, language="fr"),
                        encoding="utf-8")
                ids.append(post_id)
                written += 1
    return Corpus(root, space_count, questions, written, replies, translations)


def add_post(corpus: Corpus, seed: int = 9) -> Path:
    """One new post in the first question, as a moderator's merge would add it."""
    rng = random.Random(seed)
    q_dir = corpus.root / "spaces" / "space-0001" / "q1-practice"
    posted = dt.datetime(2027, 3, 10, 11, 59, tzinfo=dt.UTC)
    path = q_dir / f"{posted.strftime('%Y%m%dT%H%M%SZ')}-new-contributor.md"
    path.write_text(_post("New Contributor", posted, rng, None), encoding="utf-8")
    return path


def material_site(corpus: Corpus, target: Path) -> Path:
    """The same posts as ordinary pages of a plain mkdocs-material site."""
    docs = target / "docs"
    for path in sorted((corpus.root / "spaces").rglob("*.md")):
        if path.name == "question.md":
            continue
        page = docs / path.relative_to(corpus.root / "spaces")
        page.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, page)
    (docs / "index.md").write_text("# Posts\n", encoding="utf-8")
    (target / "mkdocs.yml").write_text(
        "site_name: Posts as pages\ntheme:\n  name: material\n", encoding="utf-8")
    return target
