"""Hidden posts: ``hidden: <reason>`` in a post's front matter.

The file stays in the repository (the record of what was removed and why) and
the thread keeps a "removed by the moderators" stub so replies keep their place.
Nothing else of the post may reach a page or the search index: not its body,
not its author, and not its id, which carries the author's name as a slug. The
stub's anchor is therefore derived from a hash of the id.
"""

from __future__ import annotations

import hashlib

from generator.model import Post


def anchor(post: Post) -> str:
    """The HTML id of a post in its thread: ``post-<id>``, or for a hidden post
    ``post-removed-<hash>``, stable across builds and free of the author's name."""
    if not post.hidden:
        return f"post-{post.id}"
    digest = hashlib.sha256(post.id.encode("utf-8")).hexdigest()[:12]
    return f"post-removed-{digest}"
