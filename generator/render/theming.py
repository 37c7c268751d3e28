"""Small repairs to mkdocs-material's own templates, made without copying them.

Our theme overrides may include a material template under the name
``material/<path>`` and patch what they need around it, instead of carrying a
copy of the template that would drift from the installed version.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

PREFIX = "material"


def material_templates_dir() -> Path | None:
    """Where the installed mkdocs-material keeps its templates, if installed."""
    try:
        import material
    except ImportError:
        return None
    return Path(material.__file__).resolve().parent / "templates"


def bytecode_cache(folder: Path | None) -> jinja2.BytecodeCache | None:
    """Compiled templates kept in ``folder``/jinja between builds.

    Compiling material's templates and ours took about half a second of every
    build. Jinja keys each entry by the template's name and source checksum, so
    an edited template is compiled again.
    """
    if folder is None:
        return None
    target = folder / "jinja"
    target.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(target))


def use_bytecode_cache(env: jinja2.Environment, folder: Path | None) -> None:
    """Give ``env`` the compiled templates kept in ``folder`` (see bytecode_cache)."""
    cache = bytecode_cache(folder)
    if cache is not None:
        env.bytecode_cache = cache


def expose_material_templates(env: jinja2.Environment) -> jinja2.Environment:
    """Let templates include ``material/<path>``: the original, even if shadowed."""
    folder = material_templates_dir()
    if folder is None or env.loader is None:
        return env
    env.loader = jinja2.ChoiceLoader([
        env.loader,
        jinja2.PrefixLoader({PREFIX: jinja2.FileSystemLoader(str(folder))}),
    ])
    return env
